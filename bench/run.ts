/**
 * `npm run bench` (after the build: `node dist/bench/run.js`): gradcode against its NumPy and PyTorch peers on the
 * workloads of issue 8, side by side in one invocation. Same flags as `gradcode bench`:
 *
 *   npm run bench -- --quick                       # reduced sizes, under two minutes
 *   npm run bench -- --workload W1 --backends cpu --reps 5
 *
 * --quick | --tiny, --workload W1,W2,W3, --backends webgpu,cpu, --peers numpy,torch, --reps N, --scale F (0 < F ≤ 1:
 * multiplies trials / W3 runs; the report says REDUCED), --python PATH,
 * --timeout SECONDS (per runner process), --out DIR (default results/bench-<UTC stamp>/). Exit code 0 when every
 * runner that can run here ran and every peer agrees with gradcode within the CI, 1 otherwise, 2 on bad flags.
 */
import { parseArgs } from 'node:util';
import { InputError } from '../src/errors.js';
import { benchCommand } from './harness/bench-command.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    tiny: { type: 'boolean' },
    workload: { type: 'string' },
    backends: { type: 'string' },
    peers: { type: 'string' },
    reps: { type: 'string' },
    scale: { type: 'string' },
    python: { type: 'string' },
    timeout: { type: 'string' },
    out: { type: 'string' },
  },
  strict: true,
});

try {
  const { code } = await benchCommand(values);
  process.exitCode = code;
} catch (error) {
  if (error instanceof InputError) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 2;
  } else throw error;
}
