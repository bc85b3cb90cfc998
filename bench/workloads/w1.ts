import type { ResolvedStragglerModel } from '../../src/stragglers/resolve.js';
import { loadTrialConfigs, runTrialWorkload, type TrialConfig } from './trial-workload.js';
import type { SizeMode, Workload } from './types.js';

/** Size of W1: trials per configuration. */
export interface W1Size {
  readonly trials: number;
}

const TRIALS: Record<SizeMode, number> = { full: 1_000_000, quick: 10_000, tiny: 2_000 };

/** The straggler-model parameters the W1 peers implement (shifted exponential, exact slow set, Bernoulli failures). */
interface W1Model {
  shift: number;
  rate: number;
  slowCount: number;
  slowFactor: number;
  failureP: number;
}

function peerModel(config: TrialConfig): W1Model {
  const m: ResolvedStragglerModel = config.cell.stragglers;
  const failures = config.spec.stragglers.failures;
  const supported =
    (m.chunkTime.code === 2 || m.chunkTime.code === 3) &&
    m.speed.kind === 'none' &&
    m.slow?.mode === 'exact' &&
    Number.isFinite(m.slow.factor) &&
    failures !== undefined &&
    typeof failures.p === 'number' &&
    !m.fixedSet &&
    !m.bursty &&
    !m.trace;
  if (!supported || !m.slow || failures === undefined) {
    throw new Error(
      `W1 ${config.label}: the peers implement shifted-exponential times, an exact slow set and i.i.d. failures only`,
    );
  }
  return {
    shift: m.chunkTime.a,
    rate: m.chunkTime.b,
    slowCount: m.slow.mode === 'exact' ? m.slow.count : 0,
    slowFactor: m.slow.factor,
    failureP: failures.p as number,
  };
}

/** The peer's description of one configuration: protocol, ℓ, the schedule (processing order) and the recovery k. */
function peerConfig(config: TrialConfig, trials: number): Record<string, unknown> {
  const { schedule, plan } = config.cell;
  const { code } = schedule;
  const load = schedule.maxLoad;
  for (let j = 0; j < code.N; j++) {
    if (code.offsets[j + 1] - code.offsets[j] !== load)
      throw new Error(`W1 ${config.label}: the peers need equal loads`);
  }
  const base = { label: config.label, N: code.N, m: code.m, load, trials };
  if (plan.protocol === 'partial') {
    return { ...base, protocol: 'partial', parts: plan.parts, chunkAt: Array.from(schedule.chunkAt) };
  }
  if (plan.protocol !== 'original' || plan.stop.kind !== 'any-k') {
    throw new Error(`W1 ${config.label}: the peers implement partial, and original with an any-k code`);
  }
  return { ...base, protocol: 'original', parts: code.parts, k: plan.stop.k };
}

/**
 * W1 — completion-time Monte Carlo (bench/workloads/w1.yaml): N = m = 100, cyclic δ = 10, shifted-exponential chunk
 * times, 10 % of workers 5× slower, 5 % failed; partial ℓ = 1, 2 and original (CRC any-91, Ye–Abbe ℓ = 2 any-92).
 * Compared: mean completion (finite trials), p99 (+∞ in the censored mass) and the censored count.
 */
export const w1: Workload<W1Size> = {
  id: 'W1',
  title: 'W1 completion-time Monte Carlo (N = m = 100, cyclic δ = 10)',
  unit: 'trials',
  size: (mode, scale = 1) => ({ trials: Math.max(1, Math.round(TRIALS[mode] * scale)) }),
  describeSize: (size) => `${size.trials.toLocaleString('en-US')} trials per configuration`,
  peers: { numpy: 'w1_numpy.py', torch: 'w1_torch.py' },
  peerInput(size) {
    const configs = loadTrialConfigs('w1.yaml', size.trials);
    const model = peerModel(configs[0]);
    for (const c of configs) {
      if (JSON.stringify(peerModel(c)) !== JSON.stringify(model)) throw new Error('W1: one straggler model expected');
    }
    return {
      workload: 'W1',
      seed: Number(configs[0].cell.seed),
      stragglers: model,
      configs: configs.map((c) => peerConfig(c, size.trials)),
    };
  },
  runGradcode: (size, backend) =>
    runTrialWorkload('W1', loadTrialConfigs('w1.yaml', size.trials), backend, [
      'mean completion',
      'p99 completion',
      'censored',
    ]),
};
