import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InputError } from '../../errors.js';
import type { Dataset } from './dataset.js';
import { philoxPermutation } from './philox-fill.js';

/** Which target {@link afmGlyphs} predicts. */
export type AfmTask = 'regression' | 'classification';

/** Parameters of {@link afmGlyphs}. */
export interface AfmGlyphsParams {
  readonly task: AfmTask;
  /** Shuffle the rows with this seed (else font-file order, so chunks hold single fonts: non-i.i.d. chunks). */
  readonly shuffle: boolean;
  readonly seed: number | bigint;
}

/** One glyph: its font's style flags and its metrics (1/1000 em). */
interface Glyph {
  readonly width: number;
  readonly bbox: readonly [number, number, number, number];
  readonly bold: boolean;
  readonly italic: boolean;
  readonly serif: boolean;
  readonly mono: boolean;
  readonly symbol: boolean;
}

/** The directory of pdfkit's Adobe Core 14 AFM files (pdfkit is a runtime dependency of gradcode). */
export function afmDirectory(): string {
  const require = createRequire(import.meta.url);
  // pdfkit's `exports` hide package.json; its CommonJS entry is js/pdfkit.js, next to js/data.
  return join(dirname(require.resolve('pdfkit')), 'data');
}

/** Parses the `C … ; WX … ; N … ; B llx lly urx ury ;` lines of one AFM file. */
function parseAfm(text: string, file: string): Glyph[] {
  const name = /^FontName\s+(\S+)/m.exec(text)?.[1] ?? file;
  const weight = /^Weight\s+(\S+)/m.exec(text)?.[1] ?? '';
  const angle = Number(/^ItalicAngle\s+(\S+)/m.exec(text)?.[1] ?? 0);
  const fixed = /^IsFixedPitch\s+true/m.test(text);
  const symbol = /^(Symbol|ZapfDingbats)$/.test(name);
  const serif = /^Times/.test(name);
  const out: Glyph[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('C ')) continue;
    const wx = /WX\s+(-?\d+(?:\.\d+)?)/.exec(line);
    const b = /B\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)/.exec(line);
    if (!wx || !b) throw new InputError('dataset', `${file}: malformed metrics line "${line.trim()}"`);
    out.push({
      width: Number(wx[1]),
      bbox: [Number(b[1]), Number(b[2]), Number(b[3]), Number(b[4])],
      bold: weight === 'Bold',
      italic: angle !== 0,
      serif,
      mono: fixed,
      symbol,
    });
  }
  return out;
}

/**
 * A small real dataset shipped inside an installed npm package: the glyph metrics of the 14 Adobe Core fonts
 * (Courier, Helvetica, Times in 4 styles each, Symbol, ZapfDingbats) from the AFM files bundled by pdfkit
 * (`pdfkit/js/data/*.afm`; Adobe Systems 1985–1997; Adobe's Core 14 AFM terms allow use, copying and distribution for
 * any purpose provided the copyright notices are retained; pdfkit itself is MIT). 4,172 glyphs.
 *
 * Features (standardised to mean 0, variance 1, plus an intercept column): the glyph bounding box (llx, lly, urx,
 * ury) and the font flags serif / monospaced / symbol / italic — and, for `regression`, bold.
 * - `regression`: target = advance width WX / 1000 (least squares);
 * - `classification`: target = +1 for bold fonts, −1 otherwise (logistic regression; the bold flag is not a feature).
 */
export function afmGlyphs(params: AfmGlyphsParams): Dataset {
  const dir = afmDirectory();
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.afm'))
      .sort();
  } catch (error) {
    throw new InputError('dataset', `cannot read the AFM files of pdfkit at ${dir}: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new InputError('dataset', `no AFM files found in ${dir}`);
  const glyphs = files.flatMap((f) => parseAfm(readFileSync(join(dir, f), 'utf8'), f));
  const regression = params.task === 'regression';
  const names = ['llx', 'lly', 'urx', 'ury', 'serif', 'mono', 'symbol', 'italic'];
  if (regression) names.push('bold');
  const raw = glyphs.map((g) => {
    const [llx, lly, urx, ury] = g.bbox;
    const row = [llx, lly, urx, ury, +g.serif, +g.mono, +g.symbol, +g.italic];
    if (regression) row.push(+g.bold);
    return row;
  });
  const n = glyphs.length;
  const d = names.length + 1;
  const mean = new Float64Array(names.length);
  const sd = new Float64Array(names.length);
  for (const row of raw) row.forEach((v, c) => (mean[c] += v / n));
  for (const row of raw) row.forEach((v, c) => (sd[c] += (v - mean[c]) ** 2 / n));
  const order = params.shuffle ? philoxPermutation(params.seed, 0, n) : Int32Array.from({ length: n }, (_, i) => i);
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const g = glyphs[order[r]];
    const row = raw[order[r]];
    X[r * d] = 1;
    for (let c = 0; c < names.length; c++) X[r * d + 1 + c] = sd[c] > 0 ? (row[c] - mean[c]) / Math.sqrt(sd[c]) : 0;
    y[r] = regression ? g.width / 1000 : g.bold ? 1 : -1;
  }
  return {
    name: 'afm-glyphs',
    task: params.task,
    n,
    d,
    X,
    y,
    features: ['intercept', ...names],
    provenance: {
      source: `Adobe Core 14 font metrics (AFM 4.1) shipped by pdfkit: ${dir}`,
      licence:
        'Adobe Systems Core 14 AFM terms (use, copy and distribute for any purpose with copyright notices retained); ' +
        'pdfkit: MIT',
      construction: regression
        ? 'one row per glyph of the 14 fonts; standardised bbox and style features; target WX/1000'
        : 'one row per glyph of the 14 fonts; standardised bbox and style features; target ±1 = bold font',
      params: { task: params.task, shuffle: params.shuffle, seed: String(params.seed), files: files.length },
    },
  };
}
