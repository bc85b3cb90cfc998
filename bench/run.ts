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
 *
 *   npm run bench -- --suite auto [--workload default,w1,w2,w3,sweep48] [--reps N] [--no-npm-start] [--out DIR]
 *
 * runs the `--backend auto` suite instead (bench/harness/auto-suite.ts): whole `gradcode run`/`train` processes on
 * cpu, webgpu and auto, cold and warm driver shader cache, lavapipe's first-cell latency and `npm start` on a fresh
 * copy; report.md and report.json in --out. Exit code 0 when every run succeeded.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exitQuietlyOnClosedPipe } from '../src/cli/closed-pipe.js';
import { InputError } from '../src/errors.js';
import { autoWorkloads, formatAutoReport, runAutoSuite } from './harness/auto-suite.js';
import { benchCommand, newReportDir } from './harness/bench-command.js';

const USAGE = `usage: npm run bench -- [--quick | --tiny] [--workload W1,W2,W3] [--backends webgpu,cpu]
       [--peers numpy,numpy-alg,torch] [--reps N] [--scale F] [--python PATH] [--timeout SECONDS] [--out DIR]
(the same flags as \`gradcode bench --help\` describes)
       npm run bench -- --suite auto [--workload default,w1,w2,w3,sweep48] [--reps N] [--no-npm-start] [--out DIR]
(whole gradcode processes on cpu, webgpu and auto, cold and warm driver shader cache; issue 18)
`;

function parseFlags() {
  return parseArgs({
    options: {
      help: { type: 'boolean', short: 'h' },
      suite: { type: 'string' },
      'no-npm-start': { type: 'boolean' },
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
else if (flags?.suite === 'auto') {
  try {
    const out = resolve(
      flags.out ??
        join(
          'results',
          `bench-auto-${new Date()
            .toISOString()
            .replace(/[-:]/g, '')
            .replace(/\.\d+Z$/, 'Z')}`,
        ),
    );
    newReportDir(out);
    const report = await runAutoSuite({
      workloads: autoWorkloads(flags.workload),
      reps: Math.max(1, Number(flags.reps ?? 2) || 2),
      outDir: out,
      timeoutSeconds: Number(flags.timeout ?? 900) || 900,
      npmStart: !flags['no-npm-start'],
      log: (line) => process.stderr.write(`bench: ${line}\n`),
    });
    const text = formatAutoReport(report);
    process.stdout.write(`${text}\n`);
    writeFileSync(join(out, 'report.md'), `${text}\n`);
    writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
    process.stdout.write(`\nreport: ${join(out, 'report.md')} (and report.json)\n`);
    process.exitCode = report.runs.every((r) => r.ok) && (report.npmStart?.ok ?? true) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 2;
  }
} else if (flags?.suite !== undefined && flags.suite !== 'workloads') {
  process.stderr.write(`bench: --suite: unknown suite "${flags.suite}"; choose from workloads, auto\n`);
  process.exitCode = 2;
} else if (flags) {
  const { help: _help, suite: _suite, 'no-npm-start': _noNpmStart, ...values } = flags;
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
