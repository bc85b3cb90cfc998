import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { denseMatrix } from '../../src/codes/structure.js';
import { createBackend } from '../../src/engine/create-backend.js';
import { webgpuPackageVersion } from '../../src/engine/webgpu/dawn.js';
import { packageVersion } from '../../src/package-root.js';
import { studentTQuantile } from '../../src/stats/student-t.js';
import { problemConstants } from '../../src/train/bounds/constants.js';
import { findOptimum } from '../../src/train/problem/optimum.js';
import { autoForm, buildProblem } from '../../src/train/problem/problem.js';
import { buildDataset, type PreparedProblem } from '../../src/train/run/build-problem.js';
import { runScheme, stepSizes } from '../../src/train/run/run-scheme.js';
import { type ResolvedScheme, type ResolvedTrain, resolveTrainSpec } from '../../src/train/spec/resolve-train.js';
import type { MeanStatistic, RunnerResult } from '../harness/result.js';
import { workloadsDir } from './trial-workload.js';
import type { SizeMode, Workload } from './types.js';

/** Size of W3: runs × iterations on a rows × features dataset. */
export interface W3Size {
  readonly runs: number;
  readonly iterations: number;
  readonly rows: number;
  readonly features: number;
}

/** The size; `quick` and `tiny` shrink the dataset as well as runs × iterations (still m = 32 chunks). */
const SIZES: Record<SizeMode, W3Size> = {
  full: { runs: 256, iterations: 200, rows: 16384, features: 256 },
  quick: { runs: 32, iterations: 50, rows: 4096, features: 64 },
  tiny: { runs: 8, iterations: 10, rows: 512, features: 16 },
};

/** bench/workloads/w3.yaml with the size applied, validated and resolved as `gradcode train` does. */
export function resolveW3(size: W3Size): ResolvedTrain {
  const raw = YAML.parse(readFileSync(join(workloadsDir(), 'w3.yaml'), 'utf8')) as Record<string, unknown> & {
    dataset: Record<string, unknown>;
  };
  raw.runs = size.runs;
  raw.iterations = size.iterations;
  raw.dataset = { ...raw.dataset, rows: size.rows, features: size.features };
  return resolveTrainSpec(raw, { baseDir: workloadsDir() });
}

/** The single scheme of W3, checked to be what the peers implement. */
function peerScheme(resolved: ResolvedTrain): { scheme: ResolvedScheme; failureP: number } {
  if (resolved.schemes.length !== 1) throw new Error('W3: one scheme expected');
  const scheme = resolved.schemes[0];
  const p = scheme.stragglerSpec.failures?.p;
  const supported =
    typeof p === 'number' &&
    scheme.failureOnly !== null &&
    scheme.wait.kind === 'all' &&
    scheme.decoder.name === 'optimal' &&
    scheme.path === 'coefficient' &&
    scheme.optimizer === 'gd' &&
    scheme.code.parts === 1 &&
    resolved.loss === 'least-squares';
  if (!supported || typeof p !== 'number') {
    throw new Error(
      'W3: the peers implement least squares, GD, i.i.d. failures only, wait for all, optimal decoding, coefficient path, ℓ = 1',
    );
  }
  return { scheme, failureP: p };
}

/** Dataset → problem (Gram or direct form, as `gradcode train` picks) → x* → constants. */
function prepare(resolved: ResolvedTrain, dataset: PreparedProblem['dataset']): PreparedProblem {
  const form = resolved.form === 'auto' ? autoForm(resolved.loss, dataset.n, dataset.d, resolved.m) : resolved.form;
  const problem = buildProblem(dataset, resolved.m, resolved.loss, resolved.lambda, form);
  const optimum = findOptimum(problem);
  return { dataset, problem, optimum, constants: problemConstants(problem, optimum) };
}

/** The step sizes of the scheme (rules that need α moments or plan errors are not used by W3). */
function steps(resolved: ResolvedTrain, scheme: ResolvedScheme, prepared: PreparedProblem): Float64Array {
  const unsupported = () => {
    throw new Error('W3: the peers need a constant or smoothness step');
  };
  return stepSizes(scheme, resolved.iterations, prepared.constants, unsupported, unsupported);
}

/** Mean of per-run values with its standard error and a t interval (95%). */
export function meanOfRuns(values: Float64Array): MeanStatistic {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Number.NaN;
  const t = n > 1 ? studentTQuantile(0.975, n - 1) : Number.NaN;
  return { kind: 'mean', mean, se, n, ciLo: mean - t * se, ciHi: mean + t * se };
}

/**
 * W3 — coded gradient descent (bench/workloads/w3.yaml): least squares 16384 × 256, CRC N = m = 32 δ = 4, i.i.d.
 * failures p = 0.2 per iteration, optimal decoding, 256 runs × 200 iterations. gradcode's dataset is exported to the
 * peers as raw f64 (both sides descend on the identical X, y, code and steps; the straggler draws differ: Philox
 * versus PCG64). Compared: the mean over runs of the final ‖x_K − x*‖² (each side with its own x*).
 *
 * Timing: setup = backend creation + dataset generation (the peers read the dataset from a file before their
 * clock starts); the timed part is problem build (chunk Gram matrices), x*, the constants (L for the step 1/L), the
 * straggler plans with their optimal decodings, and the descent — `runScheme`, the core of `gradcode train`.
 */
export const w3: Workload<W3Size> = {
  id: 'W3',
  title: 'W3 coded gradient descent (least squares, CRC N = m = 32 δ = 4, p = 0.2, optimal decoding)',
  unit: 'run-iterations',
  size: (mode, scale = 1) => ({ ...SIZES[mode], runs: Math.max(2, Math.round(SIZES[mode].runs * scale)) }),
  describeSize: (s) =>
    `${s.runs} runs × ${s.iterations} iterations on X ${s.rows.toLocaleString('en-US')} × ${s.features}` +
    ` (${(s.runs * s.iterations).toLocaleString('en-US')} run-iterations)`,
  peers: { numpy: 'w3_numpy.py', torch: 'w3_torch.py' },
  peerInput(size, workDir = tmpdir()) {
    const resolved = resolveW3(size);
    const { scheme, failureP } = peerScheme(resolved);
    const dataset = buildDataset(resolved);
    const prepared = prepare(resolved, dataset);
    const dataFile = join(workDir, 'w3-data.f64');
    const raw = new Float64Array(dataset.n * dataset.d + dataset.n);
    raw.set(dataset.X, 0);
    raw.set(dataset.y, dataset.n * dataset.d);
    // Float64Array bytes are platform-endian; every platform Node supports is little-endian (the peers read "<f8").
    writeFileSync(dataFile, new Uint8Array(raw.buffer));
    const { code } = scheme;
    const dense = denseMatrix(code);
    return {
      workload: 'W3',
      seed: Number(resolved.seed),
      configs: [
        {
          label: scheme.label,
          n: dataset.n,
          d: dataset.d,
          dataFile,
          chunkStart: Array.from(prepared.problem.chunkStart),
          lambda: resolved.lambda,
          matrix: Array.from({ length: code.N }, (_, j) => Array.from(dense.subarray(j * code.m, (j + 1) * code.m))),
          failureP,
          runs: resolved.runs,
          iterations: resolved.iterations,
          steps: Array.from(steps(resolved, scheme, prepared)),
        },
      ],
    };
  },
  async runGradcode(size, backendName): Promise<RunnerResult> {
    const setupStarted = performance.now();
    const backend = await createBackend({ backend: backendName });
    try {
      const resolved = resolveW3(size);
      const { scheme } = peerScheme(resolved);
      const dataset = buildDataset(resolved);
      const setupSeconds = (performance.now() - setupStarted) / 1000;
      const started = performance.now();
      const prepared = prepare(resolved, dataset);
      const run = await runScheme(resolved, prepared, scheme, backend);
      const seconds = (performance.now() - started) / 1000;
      const { runs, points } = run.tables;
      const K = resolved.iterations;
      const final = new Float64Array(runs);
      for (let r = 0; r < runs; r++) final[r] = run.tables.distance[r * points + K];
      return {
        runner: 'gradcode',
        workload: 'W3',
        device: backend.description,
        versions: { gradcode: packageVersion(), node: process.version, webgpu: webgpuPackageVersion() },
        setupSeconds,
        configs: [
          {
            label: scheme.label,
            seconds,
            units: runs * K,
            stats: { 'final distance': meanOfRuns(final) },
          },
        ],
        maxRssKiB: process.resourceUsage().maxRSS,
        gpuPeakBytes: backend.kind === 'webgpu' ? backend.memory().allocatedBytes : null,
        notes: {
          backend: backend.kind,
          form: prepared.problem.form,
          planSeconds: Number(run.planSeconds.toPrecision(3)),
          descentSeconds: Number(run.descentSeconds.toPrecision(3)),
          ...backend.stats(),
        },
      };
    } finally {
      await backend.dispose();
    }
  },
};
