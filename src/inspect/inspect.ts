import { stragglerStatistics } from '../adversarial/straggler-statistics.js';
import { adversarialThreshold } from '../adversarial/threshold.js';
import { exactTolerance } from '../decoders/coefficient-space.js';
import { getDecoder } from '../decoders/registry.js';
import { requireInput } from '../errors.js';
import { loadInspectedCode } from './load-code.js';
import { orderingSummary } from './ordering.js';
import { formatStragglerSpec, resolveStragglerSpec } from './straggler-choice.js';
import { structureSummary } from './structure.js';
import type { InspectInput, InspectOptions, InspectReport } from './types.js';

/**
 * Inspects a gradient code before it is swept (`gradcode inspect`): its provenance, sizes, loads and replication;
 * Qmax of a processing order and of the best order gradcode can give; the decoding error ‖B_Sᵀw − 1‖² of a decoder
 * (default optimal least squares) over straggler sets — min / mean / max, each also divided by m — and the share of
 * sets decoded exactly; optionally the adversarial threshold τ_ε; and the Song–Choi objective of heterogeneous
 * codes. Exhaustive straggler sets with a least-squares decoder use the prefix-sharing projector walk of
 * src/adversarial (all C(20,4) = 4845 sets of a 20-worker code in well under a second).
 *
 * Every unusable input is an InputError naming the option (see {@link InspectOptions}) or the code parameter.
 */
export function inspectCode(input: InspectInput, options: InspectOptions = {}): InspectReport {
  const started = performance.now();
  const seed = options.seed ?? 0;
  requireInput(Number.isSafeInteger(seed) && seed >= 0, 'seed', `must be an integer ≥ 0, got ${seed}`);
  const epsilon = options.threshold;
  if (epsilon !== undefined) {
    requireInput(
      Number.isFinite(epsilon) && epsilon > 0,
      'threshold',
      `ε must be a positive number (a normalised error level, e.g. 0.1), got ${epsilon}`,
    );
  }
  if (options.p !== undefined) {
    requireInput(options.p.length > 0, 'p', 'must list one straggle probability per worker');
    options.p.forEach((v, i) => {
      requireInput(Number.isFinite(v), `p[${i}]`, `must be a number, got ${v}`);
    });
  }
  const decoder = getDecoder(options.decoder ?? 'optimal', 'decoder').name;

  const loaded = loadInspectedCode(input, { ...options, seed });
  const { code } = loaded;
  const { N, m, ...structureRest } = structureSummary(code);
  const { parts, ...orderingRest } = orderingSummary(code, { ...options, seed });
  const spec = resolveStragglerSpec(code, options.stragglers);
  const searchOptions = { decoder, p: options.p, seed };

  const statsStarted = performance.now();
  const stats = stragglerStatistics(code, spec, searchOptions);
  const statsMs = performance.now() - statsStarted;

  let threshold: InspectReport['threshold'];
  let thresholdMs: number | undefined;
  if (epsilon !== undefined) {
    const thresholdStarted = performance.now();
    const t = adversarialThreshold(code, epsilon, searchOptions);
    thresholdMs = performance.now() - thresholdStarted;
    threshold = { epsilon, value: t.threshold, bound: t.bound, steps: t.steps };
  }
  const extra = code.meta.extra;
  const { meta } = code;
  return {
    name: code.name,
    family: meta.family,
    params: meta.params,
    citation: meta.citation,
    reconstruction: meta.reconstruction,
    ...(meta.notes === undefined ? {} : { notes: meta.notes }),
    spec: loaded.spec,
    ...(loaded.matrix === undefined ? {} : { matrix: loaded.matrix }),
    N,
    m,
    parts,
    ...structureRest,
    ...orderingRest,
    decoder,
    stragglers: {
      spec: formatStragglerSpec(spec),
      defaulted: options.stragglers === undefined,
      sets: stats.sets,
      seed,
      worst: { stragglers: stats.worst.stragglers, error: stats.worst.error, normalized: stats.worst.error / code.m },
      lowerBound: stats.lowerBound,
    },
    error: stats.error,
    exactFraction: stats.exactFraction,
    exactTolerance: exactTolerance(code, { survivors: new Uint8Array(code.N) }),
    ...(threshold === undefined ? {} : { threshold }),
    ...(extra?.kind === 'heterogeneous' ? { objective: extra.objective } : {}),
    elapsedMs: {
      stragglers: statsMs,
      ...(thresholdMs === undefined ? {} : { threshold: thresholdMs }),
      total: performance.now() - started,
    },
  };
}
