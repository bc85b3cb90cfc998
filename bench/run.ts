/**
 * `npm run bench` (after the build: `node dist/bench/run.js`): gradcode against its NumPy and PyTorch peers on the
 * workloads of issue 8, side by side in one invocation. Same flags as `gradcode bench`:
 *
 *   npm run bench -- --quick                       # reduced sizes, under two minutes
 *   npm run bench -- --workload W1 --backends cpu --reps 5
 *
 * --quick | --tiny, --workload W1,W2,W3, --backends webgpu,cpu, --peers numpy,numpy-alg,torch, --reps N, --scale F (0 < F ≤ 1:
 * multiplies trials / W3 runs; the report says REDUCED), --python PATH,
 * --timeout SECONDS (per runner process), --out DIR (default results/bench-<UTC stamp>/). Exit code 0 when every
 * runner that can run here ran and every peer agrees with gradcode within the CI, 1 otherwise, 2 on bad flags.
 */
import { parseArgs } from 'node:util';
import { exitQuietlyOnClosedPipe } from '../src/cli/closed-pipe.js';
import { InputError } from '../src/errors.js';
import { benchCommand } from './harness/bench-command.js';

const USAGE = `usage: npm run bench -- [--quick | --tiny] [--workload W1,W2,W3] [--backends webgpu,cpu]
       [--peers numpy,numpy-alg,torch] [--reps N] [--scale F] [--python PATH] [--timeout SECONDS] [--out DIR]
(the same flags as \`gradcode bench --help\` describes)
`;

function parseFlags() {
  return parseArgs({
    options: {
      help: { type: 'boolean', short: 'h' },
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
  }).values;
}

exitQuietlyOnClosedPipe();
let flags: ReturnType<typeof parseFlags> | null = null;
try {
  flags = parseFlags();
} catch (error) {
  // node:util's parse errors (unknown flag, missing value) name the flag; print that, not a stack trace.
  process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}`);
  process.exitCode = 2;
}
if (flags?.help) process.stdout.write(USAGE);
else if (flags) {
  const { help: _help, ...values } = flags;
  try {
    const { code } = await benchCommand(values);
    process.exitCode = code;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`bench: ${error.message}\n`);
      process.exitCode = 2;
    } else throw error;
  }
}
