import type { BlockDesign } from './block-designs.js';
import { codeFromRows } from './build.js';
import type { GradientCode } from './types.js';

/**
 * BIBD gradient code — Kadhe, Koyluoglu, Ramchandran, "Gradient Coding Based on Block Designs for Mitigating
 * Adversarial Stragglers", ISIT 2019 (arXiv 1904.13373); construction as digested in approx-codes.md A.2. Workers =
 * points (N = v), chunks = blocks (m = b): worker x holds the r blocks containing x (in block order) and sends their
 * plain sum. Any two workers share exactly λ chunks, so B·Bᵀ = (r − λ)I + λJ and the optimal decoding error depends
 * only on the number of stragglers (the orientation matters for non-symmetric designs such as AG(2,q)). `meta.extra`
 * carries (v, b, r, k, λ) for the fixed BIBD decoder r/(r + λ(|S| − 1)).
 */
export function bibdCode(
  design: BlockDesign,
  name = 'bibd',
  params: Record<string, number | string> = {},
): GradientCode {
  const rows: number[][] = Array.from({ length: design.v }, () => []);
  design.blocks.forEach((block, t) => {
    for (const x of block) rows[x].push(t);
  });
  const { v, b, r, k, lambda } = design;
  return codeFromRows({
    name,
    m: b,
    rows,
    meta: {
      family: `BIBD code: ${design.name}`,
      params: { ...params, v, b, r, k, lambda },
      citation:
        'Kadhe, Koyluoglu, Ramchandran, "Gradient Coding Based on Block Designs for Mitigating Adversarial Stragglers", ISIT 2019 (arXiv 1904.13373)',
      reconstruction: true,
      notes:
        'only the abstract was readable: workers = points is our reading, checked to give the error-depends-only-on-|S| property the paper claims',
      extra: { kind: 'bibd', v, b, r, k, lambda },
    },
  });
}
