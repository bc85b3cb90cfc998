import { InputError } from '../errors.js';
import { erasureHeadEntry } from './entries/erasurehead.js';
import { glasgowWoottersEntry } from './entries/glasgow-wootters.js';
import { kadheBibdEntry } from './entries/kadhe-bibd.js';
import { nestedGradientCodesEntry } from './entries/nested-gradient-codes.js';
import { productCodesEntry } from './entries/product-codes.js';
import { ramamoorthyApproxEntry } from './entries/ramamoorthy2024-approx.js';
import { ramamoorthyExactEntry } from './entries/ramamoorthy2024-exact.js';
import { ramamoorthyOrderingEntry } from './entries/ramamoorthy2024-ordering.js';
import { songChoiEntry } from './entries/song-choi.js';
import { sparseGraphCodesEntry } from './entries/sparse-graph-codes.js';
import { stochasticBlockCodeEntry } from './entries/stochastic-block-code.js';
import { stochasticGradientCodingEntry } from './entries/stochastic-gradient-coding.js';
import { tandonEntry } from './entries/tandon2017.js';
import { yeAbbeInstabilityEntry } from './entries/ye-abbe-instability.js';
import type { GalleryEntry } from './entry.js';
import { judgedLevel } from './family.js';

/** Every entry of the reproduce gallery, in the order `gradcode reproduce list` shows them. */
export const GALLERY: readonly GalleryEntry[] = [
  ramamoorthyExactEntry(),
  ramamoorthyApproxEntry(),
  ramamoorthyOrderingEntry(),
  tandonEntry(),
  glasgowWoottersEntry(),
  songChoiEntry(),
  kadheBibdEntry(),
  erasureHeadEntry(),
  yeAbbeInstabilityEntry(),
  nestedGradientCodesEntry(),
  productCodesEntry(),
  stochasticBlockCodeEntry(),
  sparseGraphCodesEntry(),
  stochasticGradientCodingEntry(),
];

/** Judged Monte-Carlo checks of the whole gallery: the sum of the entries' declared counts (the Bonferroni divisor). */
export const GALLERY_MONTE_CARLO_CHECKS = GALLERY.reduce((n, e) => n + e.monteCarloChecks, 0);

/** Level of every judged Monte-Carlo check's interval: 1 − α/K, α the family-wise level (family.ts), K the gallery's checks. */
export const GALLERY_JUDGED_LEVEL = judgedLevel(Math.max(1, GALLERY_MONTE_CARLO_CHECKS));

/** The entry with this id; an unknown id is an {@link InputError} on `field` listing the known ones. */
export function galleryEntry(id: string, field = 'ID'): GalleryEntry {
  const entry = GALLERY.find((e) => e.id === id);
  if (!entry) {
    throw new InputError(field, `unknown gallery entry "${id}"; known: ${GALLERY.map((e) => e.id).join(', ')}`);
  }
  return entry;
}
