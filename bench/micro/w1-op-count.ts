/**
 * The W1 op-count limit (issue 8, BENCHMARKS.md): operations per trial of each W1 configuration, counted from the
 * resolved cells, and the trials/s they allow on this CPU (Philox and Philox + log rates measured by the native
 * kernel bench/micro/philox-limit.c, compiled here with gcc when available) and on an H100 SXM (spec-sheet rates).
 *
 *   npx tsx bench/micro/w1-op-count.ts [--rates rates.json]   # rates.json: the C kernel's output lines, if pre-run
 *
 * Counts per trial (N workers, load δ chunks each, ℓ parts):
 * - Philox4x32-10 blocks as gradcode draws them: chunk times ⌈δ/4⌉ per worker (lane per (worker, 4 positions));
 *   failures ⌈N/4⌉ blocks (word j & 3 of block j >> 2, one block per four workers since commit 7821928; one block
 *   per worker before); the exact slow set ⌈k/4⌉ blocks (Floyd's k-subset on a sequential reader, rejection ignored).
 *   The minimum: ⌈N·δ/4⌉ + ⌈N/4⌉ + ⌈k/4⌉ (every word used once).
 * - 32-bit integer operations per block: 10 rounds × (2 mul-lo + 2 mul-hi + 4 xor + 2 key additions) = 100.
 * - Transcendentals: one log per chunk time (N·δ), the shifted exponential a − log(1 − u)/b.
 * - Float operations besides the log (per chunk: 24-bit uniform conversion, 1 − u, ÷ rate, + shift, × factor,
 *   cumulative sum ≈ 6) and comparisons: partial ℓ — insertion of every finishing time into its chunk's list of the
 *   ℓ smallest (≈ ℓ + 1 min/max each) and the max over chunks (m); original — the k-th arrival (gradcode: a bounded
 *   heap, ≈ N·(1 + 2 log₂ h) comparisons, h = min(k, N − k + 1); a linear-time selection needs ≈ 2N).
 * The limit takes the busiest pipe only (RNG integer work on the CPU; integer, float or special-function pipe on the
 * GPU, which overlap), so it is an optimistic ceiling: memory traffic, control flow and the reduction are free.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTrialConfigs } from '../workloads/trial-workload.js';

/**
 * H100 SXM5 instruction rates from the spec sheet: 67 TFLOP/s FP32 (NVIDIA H100 datasheet; an FMA counts as 2, so
 * 33.5 T FP32 instructions/s = 132 SMs × 128 lanes × 1.98 GHz boost), INT32 at half the FP32 lanes (Hopper
 * whitepaper: 64 INT32 lanes per SM; the "33.5 TOPS" figure counts a multiply-add as 2, i.e. 16.7 T instructions/s),
 * and the special-function units (MUFU lg2/ex2; 16 per SM per clock, whitepaper SM diagram). We count every 32-bit
 * integer operation (mul-lo, mul-hi, xor, add) as one instruction.
 */
export const H100 = {
  fp32Instructions: 132 * 128 * 1.98e9,
  int32Instructions: 132 * 64 * 1.98e9,
  sfu: 132 * 16 * 1.98e9,
} as const;

export const INT_OPS_PER_BLOCK = 10 * (2 + 2 + 4 + 2);

export interface TrialOps {
  readonly label: string;
  readonly blocksGradcode: number;
  readonly blocksMinimal: number;
  readonly logs: number;
  readonly floatOps: number;
  readonly comparisonsGradcode: number;
  readonly comparisonsMinimal: number;
}

/** Operations per trial of each W1 configuration. */
export function w1TrialOps(): TrialOps[] {
  return loadTrialConfigs('w1.yaml', 1).map((config) => {
    const { schedule, plan, stragglers } = config.cell;
    const { code } = schedule;
    const N = code.N;
    let chunkBlocks = 0;
    let chunks = 0;
    for (let j = 0; j < N; j++) {
      const load = code.offsets[j + 1] - code.offsets[j];
      chunkBlocks += Math.ceil(load / 4);
      chunks += load;
    }
    const slow = stragglers.slow?.mode === 'exact' ? stragglers.slow.count : 0;
    const failures = config.spec.stragglers.failures ? 1 : 0;
    const blocksGradcode = chunkBlocks + failures * Math.ceil(N / 4) + Math.ceil(slow / 4);
    const blocksMinimal = Math.ceil(chunks / 4) + failures * Math.ceil(N / 4) + Math.ceil(slow / 4);
    const floatOps = 6 * chunks;
    let comparisonsGradcode: number;
    let comparisonsMinimal: number;
    if (plan.protocol === 'partial') {
      comparisonsGradcode = chunks * (plan.parts + 1) + code.m;
      comparisonsMinimal = comparisonsGradcode;
    } else {
      // The k-th arrival by a bounded heap of h = min(k, N − k + 1) (commit bacb831; an insertion sort before):
      // N pushes or comparisons with the root, ≈ 2·log₂ h comparisons per sift.
      const k = code.recovery.kind === 'any-k' ? code.recovery.k : N;
      const h = Math.min(k, N - k + 1);
      comparisonsGradcode = N * (1 + 2 * Math.ceil(Math.log2(h + 1)));
      comparisonsMinimal = 2 * N;
    }
    return {
      label: config.label,
      blocksGradcode,
      blocksMinimal,
      logs: chunks,
      floatOps,
      comparisonsGradcode,
      comparisonsMinimal,
    };
  });
}

interface NativeRate {
  kernel: string;
  threads: number;
  blocksPerSecond: number;
}

/** Runs bench/micro/philox-limit.c (compiled with gcc -O3 -march=native -ffast-math -fopenmp), or reads its output. */
function nativeRates(ratesFile: string | undefined): NativeRate[] | null {
  let text: string;
  if (ratesFile) text = readFileSync(ratesFile, 'utf8');
  else {
    const source = join(import.meta.dirname, 'philox-limit.c');
    const binary = join(tmpdir(), `gradcode-philox-limit-${process.pid}`);
    const cc = spawnSync('gcc', ['-O3', '-march=native', '-ffast-math', '-fopenmp', source, '-o', binary, '-lm'], {
      encoding: 'utf8',
    });
    if (cc.error || cc.status !== 0 || !existsSync(binary)) {
      console.log(`gcc not available or failed (${cc.error?.message ?? cc.stderr.trim()}): no native rates`);
      return null;
    }
    try {
      text = execFileSync(binary, { encoding: 'utf8' });
    } finally {
      rmSync(binary, { force: true });
    }
  }
  return text
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as NativeRate);
}

const fmt = (x: number) =>
  x >= 1e9
    ? `${(x / 1e9).toPrecision(3)} G`
    : x >= 1e6
      ? `${(x / 1e6).toPrecision(3)} M`
      : x >= 1e3
        ? `${(x / 1e3).toPrecision(3)} k`
        : x.toPrecision(3);

const { values } = parseArgs({ options: { rates: { type: 'string' } } });
const ops = w1TrialOps();
console.log('W1 operations per trial (per configuration):');
console.table(
  ops.map((o) => ({
    configuration: o.label,
    'Philox blocks (gradcode)': o.blocksGradcode,
    'Philox blocks (minimum)': o.blocksMinimal,
    'int32 ops (minimum)': o.blocksMinimal * INT_OPS_PER_BLOCK,
    logs: o.logs,
    'float ops': o.floatOps,
    'comparisons (gradcode)': o.comparisonsGradcode,
    'comparisons (minimum)': o.comparisonsMinimal,
  })),
);

const rates = nativeRates(values.rates);
if (rates) {
  console.log('native Philox rates on this CPU (bench/micro/philox-limit.c):');
  console.table(rates.map((r) => ({ kernel: r.kernel, threads: r.threads, 'blocks/s': fmt(r.blocksPerSecond) })));
  const rows = [];
  for (const threads of [1, 2]) {
    const philox = rates.find((r) => r.kernel === 'philox' && r.threads === threads)?.blocksPerSecond;
    const withLog = rates.find((r) => r.kernel === 'philox+log' && r.threads === threads)?.blocksPerSecond;
    if (!philox || !withLog) continue;
    for (const o of ops) {
      // Chunk-time words need a log each (4 per block of the philox+log kernel); the other blocks are plain Philox.
      const seconds = o.logs / 4 / withLog + (o.blocksMinimal - Math.ceil(o.logs / 4)) / philox;
      rows.push({
        threads,
        configuration: o.label,
        'µs/trial': (seconds * 1e6).toPrecision(3),
        'trials/s': fmt(1 / seconds),
      });
    }
  }
  console.log('CPU limit (RNG + log only, minimum Philox blocks):');
  console.table(rows);
}

console.log('H100 SXM limit (spec-sheet rates; busiest pipe, minimum Philox blocks):');
console.table(
  ops.map((o) => {
    const int = (o.blocksMinimal * INT_OPS_PER_BLOCK + 2 * o.logs) / H100.int32Instructions;
    const fp = (o.floatOps + o.comparisonsMinimal) / H100.fp32Instructions;
    const sfu = o.logs / H100.sfu;
    const seconds = Math.max(int, fp, sfu);
    return {
      configuration: o.label,
      'int ns': (int * 1e9).toPrecision(3),
      'fp32 ns': (fp * 1e9).toPrecision(3),
      'sfu ns': (sfu * 1e9).toPrecision(3),
      'trials/s': fmt(1 / seconds),
    };
  }),
);
