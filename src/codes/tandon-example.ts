import { codeFromRows } from './build.js';
import type { GradientCode } from './types.js';

/**
 * Decoding matrix A of Tandon et al. 2017's running example (Fig. 1; core-gc.md A.1): row r is the decoding vector
 * when worker r straggles. A·B = 1₃ₓ₃ exactly for B = {@link tandonExampleCode}.
 */
export const TANDON_EXAMPLE_DECODING: readonly (readonly number[])[] = [
  [0, 1, 2],
  [1, 0, 1],
  [2, -1, 0],
];

/**
 * Tandon et al., "Gradient Coding", ICML 2017 (arXiv 1612.03301), Fig. 1: N = m = 3, s = 1. W1 sends ½g₁ + g₂, W2
 * sends g₂ − g₃, W3 sends ½g₁ + g₃, i.e. B = [[½,1,0],[0,1,−1],[½,0,1]]; any 2 workers decode exactly.
 */
export function tandonExampleCode(): GradientCode {
  return codeFromRows({
    name: 'tandon:example',
    m: 3,
    rows: [
      [0, 1],
      [1, 2],
      [0, 2],
    ],
    coefficients: [
      [0.5, 1],
      [1, -1],
      [0.5, 1],
    ],
    recovery: { kind: 'any-k', k: 2 },
    meta: {
      family: "Tandon et al.'s 3-worker example",
      params: {},
      citation: 'Tandon et al., "Gradient Coding", ICML 2017 (arXiv 1612.03301), Fig. 1',
      reconstruction: false,
      stragglerTolerance: 1,
    },
  });
}
