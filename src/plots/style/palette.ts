/**
 * Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"), ordered for lines and points on
 * white: the low-contrast yellow comes last. Nominal colour scales use it; with more than eight series colours repeat
 * and only the point shape (a different cycle length) tells them apart.
 */
export const OKABE_ITO = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
] as const;

/** Point shapes cycled alongside the colours so series stay distinguishable in greyscale print (7, coprime to 8). */
export const POINT_SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'triangle-down', 'cross', 'triangle-right'];

/** Sequential, colour-blind-safe scheme for colour fields that are ordered numbers with more than eight values. */
export const SEQUENTIAL_SCHEME = 'viridis';

/** Fill colour of CI bands (drawn at {@link BAND_OPACITY} in the series colour). */
export const BAND_OPACITY = 0.2;

/** Colour of a reference curve (a theoretical bound) when it is not split by series. */
export const REFERENCE_COLOR = '#000000';

/** Dash patterns cycled with the colours on lines without point marks, so curves stay apart in greyscale print. */
export const LINE_DASHES: number[][] = [
  [1, 0],
  [5, 2],
  [2, 2],
  [7, 2, 2, 2],
  [1, 3],
  [9, 3],
];
