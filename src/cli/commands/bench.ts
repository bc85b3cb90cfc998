import type { Command } from 'commander';
import { InputError } from '../../errors.js';

/** The flags of `gradcode bench`, as commander hands them over (the harness validates them). */
interface BenchCliFlags {
  readonly quick?: boolean;
  readonly workload?: string;
  readonly backends?: string;
  readonly peers?: string;
  readonly reps?: string;
  readonly scale?: string;
  readonly python?: string;
  readonly timeout?: string;
  readonly out?: string;
}

/**
 * Loads the benchmark harness (bench/harness/, compiled to dist/bench/ by `npm run build`). It ships with the
 * repository, not the npm package, so an installed gradcode explains where to get it instead of crashing.
 */
async function loadHarness(): Promise<typeof import('../../../bench/harness/bench-command.js')> {
  try {
    return await import('../../../bench/harness/bench-command.js');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new InputError(
        'bench',
        'the benchmark harness (bench/) is part of the gradcode repository, not of the npm package: run `npm run bench` in a checkout',
      );
    }
    throw error;
  }
}

function helpText(): string {
  return [
    '',
    'Workloads (issue 8; specs in bench/workloads/):',
    '  W1  completion-time Monte Carlo: N = m = 100, cyclic δ = 10, shifted-exponential times, 10 % 5× slow,',
    '      5 % failed; partial ℓ = 1, 2 and original (CRC, Ye–Abbe ℓ = 2); 10⁶ trials each (--quick: 10⁴)',
    '  W2  optimal-decoding error: random 4-regular N = m = 64, p = 0.2; 10⁵ trials (--quick: 5·10³)',
    '  W3  coded gradient descent: least squares X 16384 × 256, CRC N = m = 32 δ = 4, p = 0.2, optimal decoding,',
    '      256 runs × 200 iterations (--quick: 32 × 50 on X 4096 × 64); final mean ‖x − x*‖²',
    '',
    'Runners: gradcode on each backend (webgpu: the adapter Dawn picks, hardware or lavapipe; cpu: the f64 twin on',
    'worker threads) and the peers bench/peers/w*_numpy.py and w*_torch.py (PyTorch peers skip themselves where',
    '`import torch` fails). Each runs in its own child process, interleaved, --reps times; peak RSS is the process’s',
    'getrusage high-water mark for everyone.',
    '',
    'Output: median wall time, throughput, × NumPy, setup and process times, peak RSS, GPU memory, and whether every',
    'peer’s statistics agree with gradcode’s (family-wise 95 % over all checks). report.md, report.json and the',
    'peers’ inputs go to --out (default results/bench-<UTC stamp>/). Exit codes: 0 all ran and agree, 1 a runner',
    'failed or a peer disagrees, 2 bad input.',
    '',
    'Examples:',
    '  $ gradcode bench --quick',
    '  $ gradcode bench --workload W2 --backends cpu --peers numpy --reps 5',
    '  $ gradcode bench --scale 0.2 --reps 2          # a stated reduced run on a busy machine',
  ].join('\n');
}

/** Registers `gradcode bench [options]`. */
export function register(program: Command): void {
  program
    .command('bench')
    .description(
      'benchmark gradcode against its NumPy and PyTorch peers on workloads W1–W3 (BENCHMARKS.md), side by side',
    )
    .option('--quick', 'reduced sizes: the whole benchmark in under two minutes')
    .option('--workload <list>', 'workloads, comma-separated: W1,W2,W3 (default: all)')
    .option('--backends <list>', 'gradcode backends, comma-separated: webgpu,cpu (default: both)')
    .option(
      '--peers <list>',
      'peers, comma-separated: numpy,numpy-alg,torch (default: all; numpy-alg = NumPy with gradcode’s algorithm, W2)',
    )
    .option('--reps <n>', 'repetitions of every runner (default 3; 2 with --quick)')
    .option(
      '--scale <factor>',
      'multiply every workload’s trials (W3: runs) by 0 < factor ≤ 1; the report says REDUCED',
    )
    .option('--python <path>', 'Python interpreter of the peers (default $PYTHON or python3)')
    .option('--timeout <seconds>', 'kill a runner process after this long (default 3600; 600 with --quick)')
    .option('--out <dir>', 'directory for report.md, report.json and the peer inputs')
    .addHelpText('after', helpText())
    .action(async (flags: BenchCliFlags) => {
      const harness = await loadHarness();
      const { code } = await harness.benchCommand(flags);
      process.exitCode = code;
    });
}
