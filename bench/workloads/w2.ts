import { denseMatrix } from '../../src/codes/structure.js';
import { loadTrialConfigs, runTrialWorkload } from './trial-workload.js';
import type { SizeMode, Workload } from './types.js';

/** Size of W2: trials. */
export interface W2Size {
  readonly trials: number;
}

const TRIALS: Record<SizeMode, number> = { full: 100_000, quick: 5_000, tiny: 500 };

/**
 * W2 — optimal-decoding error Monte Carlo (bench/workloads/w2.yaml): the seeded random 4-regular code N = m = 64,
 * i.i.d. failures p = 0.2, optimal least-squares error over the survivors (unnormalised). The peers receive the
 * code's dense matrix exported from gradcode. Compared: the mean error.
 */
export const w2: Workload<W2Size> = {
  id: 'W2',
  title: 'W2 optimal-decoding error Monte Carlo (random 4-regular N = m = 64, p = 0.2)',
  unit: 'trials',
  size: (mode, scale = 1) => ({ trials: Math.max(1, Math.round(TRIALS[mode] * scale)) }),
  describeSize: (size) => `${size.trials.toLocaleString('en-US')} trials`,
  peers: { numpy: 'w2_numpy.py', 'numpy-alg': ['w2_numpy.py', 'complement'], torch: 'w2_torch.py' },
  peerInput(size) {
    const configs = loadTrialConfigs('w2.yaml', size.trials);
    return {
      workload: 'W2',
      seed: Number(configs[0].cell.seed),
      configs: configs.map((c) => {
        const { code } = c.cell.schedule;
        const m = c.cell.stragglers;
        const p = c.spec.stragglers.failures?.p;
        if (typeof p !== 'number' || m.chunkTime.code !== 0 || m.slow || m.speed.kind !== 'none' || code.parts !== 1) {
          throw new Error(`W2 ${c.label}: the peers implement i.i.d. failures with deterministic times and ℓ = 1 only`);
        }
        const dense = denseMatrix(code);
        const matrix = Array.from({ length: code.N }, (_, j) =>
          Array.from(dense.subarray(j * code.m, (j + 1) * code.m)),
        );
        return { label: c.label, trials: size.trials, failureP: p, normalize: c.cell.normalize, matrix };
      }),
    };
  },
  runGradcode: (size, backend) =>
    runTrialWorkload('W2', loadTrialConfigs('w2.yaml', size.trials), backend, ['mean error']),
};
