import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';

/**
 * The TrueType files one plot font family is drawn with. `family` must be the family name stored inside the files
 * (resvg matches `font-family` attributes against it); `regular` and `bold` are absolute paths.
 */
export interface PlotFonts {
  family: string;
  regular: string;
  bold: string;
}

/** Family name of the bundled default font (the name inside the TTFs, used in every spec's config). */
export const DEFAULT_FONT_FAMILY = 'DejaVu Sans';

/** Directory of the bundled fonts, relative to the package root. */
export const FONT_DIR = join('assets', 'fonts');

/**
 * The bundled DejaVu Sans regular and bold TTFs, resolved from the package root (`assets/fonts/`). Throws when a file
 * is missing, because resvg would otherwise drop every label silently and the PDF would lose its embedded font.
 */
export function defaultPlotFonts(): PlotFonts {
  const dir = join(packageRoot(), FONT_DIR);
  return checkedPlotFonts({
    family: DEFAULT_FONT_FAMILY,
    regular: join(dir, 'DejaVuSans.ttf'),
    bold: join(dir, 'DejaVuSans-Bold.ttf'),
  });
}

/** Returns `fonts` after checking that both files exist; the error names the missing path. */
export function checkedPlotFonts(fonts: PlotFonts): PlotFonts {
  for (const [style, path] of [
    ['regular', fonts.regular],
    ['bold', fonts.bold],
  ] as const) {
    if (!existsSync(path)) {
      throw new Error(
        `plot font missing: ${style} face of "${fonts.family}" not found at ${path}; ` +
          'text would be dropped from PNG/PDF output (reinstall gradcode, or pass fonts explicitly)',
      );
    }
  }
  return fonts;
}
