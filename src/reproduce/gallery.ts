import { InputError } from '../errors.js';
import { erasureHeadEntry } from './entries/erasurehead.js';
import { glasgowWoottersEntry } from './entries/glasgow-wootters.js';
import { kadheBibdEntry } from './entries/kadhe-bibd.js';
import { ramamoorthyApproxEntry } from './entries/ramamoorthy2024-approx.js';
import { ramamoorthyExactEntry } from './entries/ramamoorthy2024-exact.js';
import { ramamoorthyOrderingEntry } from './entries/ramamoorthy2024-ordering.js';
import { songChoiEntry } from './entries/song-choi.js';
import { tandonEntry } from './entries/tandon2017.js';
import { yeAbbeInstabilityEntry } from './entries/ye-abbe-instability.js';
import type { GalleryEntry } from './types.js';

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
];

/** The entry with this id; an unknown id is an {@link InputError} on `field` listing the known ones. */
export function galleryEntry(id: string, field = 'ID'): GalleryEntry {
  const entry = GALLERY.find((e) => e.id === id);
  if (!entry) {
    throw new InputError(field, `unknown gallery entry "${id}"; known: ${GALLERY.map((e) => e.id).join(', ')}`);
  }
  return entry;
}
