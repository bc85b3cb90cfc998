import { chunkReplication } from '../codes/structure.js';
import type { ChunkOrder, GradientCode } from '../codes/types.js';
import { InputError, requireInput } from '../errors.js';
import { regularDegree } from '../ordering/latin-ordering.js';
import { naturalOrder } from '../ordering/natural-order.js';
import { optimalOrder } from '../ordering/optimal-order.js';
import { orderFromSpec } from '../ordering/order-spec.js';
import { validateOrder } from '../ordering/order-validation.js';
import { qmax } from '../ordering/qmax.js';
import type { InspectOptions, InspectReport } from './types.js';

/** The ordering part of an inspection. */
export type OrderingSummary = Pick<InspectReport, 'order' | 'parts' | 'qmax' | 'qmaxNote' | 'qmaxOptimal'>;

/**
 * ℓ of the ordering metrics: the `parts` option or the code's own ℓ. An ℓ > 1 code (Ye–Abbe) only accepts its own
 * ℓ, since its coefficients fix it; InputError on `parts` otherwise.
 */
export function resolveParts(code: GradientCode, parts: number | undefined): number {
  if (parts === undefined) return code.parts;
  requireInput(Number.isSafeInteger(parts) && parts >= 1, 'parts', `must be a positive integer, got ${parts}`);
  requireInput(
    code.parts === 1 || parts === code.parts,
    'parts',
    `${code.name} is built with ℓ = ${code.parts} parts; give --parts ${code.parts} or leave it out (got ${parts})`,
  );
  return parts;
}

/**
 * Qmax_ℓ (DESIGN §3: after Qmax chunk processings, in any progress state, every chunk has ℓ copies) of the requested
 * order, and of the best order gradcode can give — the Latin matching order for the regular class, else the
 * local-search heuristic, labelled by `method`. `optimal` as the requested order on a non-regular assignment needs
 * `heuristic` (InputError on `order`, as `optimalOrder`). When some chunk has fewer than ℓ holders no order reaches
 * ℓ copies: Qmax is null with a note, or an InputError on `parts` when ℓ was asked for explicitly.
 */
export function orderingSummary(code: GradientCode, options: InspectOptions = {}): OrderingSummary {
  const parts = resolveParts(code, options.parts);
  const gamma = chunkReplication(code);
  let thin = -1;
  for (let i = 0; i < code.m; i++) if (gamma[i] < parts && (thin < 0 || gamma[i] < gamma[thin])) thin = i;
  const shortfall =
    thin < 0
      ? undefined
      : `chunk ${thin} is held by ${gamma[thin]} worker(s), fewer than ℓ = ${parts}; no order gives it ${parts} cop${parts === 1 ? 'y' : 'ies'}`;
  if (shortfall && options.parts !== undefined) throw new InputError('parts', shortfall);

  const spec = options.order ?? 'natural';
  if (spec === 'optimal') {
    if (shortfall) throw new InputError('order', `optimal ordering is undefined: ${shortfall}`);
    if (regularDegree(code) === undefined && !options.heuristic) optimalOrder(code, { parts }); // throws on `order`
  }
  const best = shortfall ? undefined : optimalOrder(code, { parts, heuristic: true, seed: options.seed ?? 0 });
  const qmaxOptimal = best
    ? { qmax: best.qmax, method: best.method, lowerBound: best.lowerBound, provablyOptimal: best.provablyOptimal }
    : null;

  let order: ChunkOrder;
  let described: OrderingSummary['order'];
  if (typeof spec !== 'string') {
    order = validateOrder(code, spec, 'order');
    described = { spec: 'given', method: 'given' };
  } else if (spec === 'natural') {
    order = naturalOrder(code);
    described = { spec, method: 'natural' };
  } else if (spec === 'optimal' && best) {
    order = best.order;
    described = { spec, method: best.method };
  } else {
    order = orderFromSpec(code, spec, { parts, field: 'order' });
    described = { spec, method: /^random(:|$)/.test(spec) ? 'random' : 'file' };
  }
  if (shortfall) return { order: described, parts, qmax: null, qmaxNote: shortfall, qmaxOptimal: null };
  return { order: described, parts, qmax: qmax(order, code.m, parts).qmax, qmaxOptimal };
}
