import { Stream, seedKey, streamWord } from '../rng/counters.js';
import { DistributionCode } from '../stragglers/distribution.js';
import type { ResolvedStragglerModel } from '../stragglers/resolve.js';
import { wasmModule } from '../wasm-module.js';
import type { Schedule } from './schedule.js';

/** Bytes below which the module keeps its constants (wasm/finish-times.wat). */
const CONSTANTS_BYTES = 1024;
const PAGE_BYTES = 65536;

interface FinishTimesExports {
  readonly memory: WebAssembly.Memory;
  finishTimes(
    trial: number,
    cell: number,
    word: number,
    k0: number,
    k1: number,
    a: number,
    b: number,
    groups: number,
    workers: number,
    entries: number,
    lanes: number,
    words: number,
    wordOf: number,
    times: number,
    offsets: number,
    factors: number,
    finish: number,
  ): void;
}

/** Whether {@link WasmFinishTimes} covers `model`: (shifted-)exponential chunk times drawn from Philox (no trace). */
export function wasmCoversModel(model: ResolvedStragglerModel): boolean {
  const { code } = model.chunkTime;
  return (
    model.trace === null && (code === DistributionCode.exponential || code === DistributionCode['shifted-exponential'])
  );
}

/**
 * The finishing times F_j(k) = Σ_{k' ≤ k} f_j·X_{j,k'} of one trial (src/protocols/finish-times.ts) computed by the
 * WebAssembly SIMD kernel wasm/finish-times.wat: Philox4x32-10 four blocks at a time, fdlibm's logarithm two lanes at
 * a time. Bit-identical to the TypeScript twin (same counters, same operations in the same order; checked by
 * test/stragglers/wasm-finish-times.test.ts), about 4× faster on the chunk-time draws of W1.
 *
 * `factors` and `finish` are views of the module's memory: the caller writes f_j into `factors` (for instance with
 * `TrialDrawer.workerFactors`), calls {@link compute}, and reads `finish` (entry code.offsets[j] + k).
 */
export class WasmFinishTimes {
  /** f_j per worker (+∞: never finishes), read by {@link compute}. */
  readonly factors: Float64Array;
  /** F_j(k) per entry, written by {@link compute}. */
  readonly finish: Float64Array;
  private readonly exports: FinishTimesExports;
  private readonly k0: number;
  private readonly k1: number;
  private readonly word = streamWord(Stream.chunkTimes);
  private readonly layout: {
    groups: number;
    entries: number;
    lanes: number;
    words: number;
    wordOf: number;
    times: number;
    offsets: number;
    factors: number;
    finish: number;
  };

  /**
   * The kernel for one schedule's code under `model` (which {@link wasmCoversModel} must accept), with the Philox key
   * of `seed` and counter word c2 = `cell`.
   */
  constructor(
    readonly schedule: Schedule,
    readonly model: ResolvedStragglerModel,
    seed: number | bigint,
    readonly cell: number,
  ) {
    if (!wasmCoversModel(model)) throw new RangeError('WasmFinishTimes: chunk times must be (shifted-)exponential');
    const { N, offsets } = schedule.code;
    [this.k0, this.k1] = seedKey(seed);
    // Block (j, b) for b < ⌈δ_j / 4⌉, counter word c0 = (j << 10) | b; entry offsets[j] + k takes word k & 3 of
    // block (j, k >> 2) (TrialDrawer.chunkTimes).
    const lanes: number[] = [];
    const nnz = offsets[N];
    const entries = nnz + (nnz % 2);
    const wordOf = new Int32Array(entries);
    for (let j = 0; j < N; j++) {
      const load = offsets[j + 1] - offsets[j];
      for (let k = 0; k < load; k++) wordOf[offsets[j] + k] = 4 * lanes.length + k;
      for (let b = 0; 4 * b < load; b++) lanes.push(((j << 10) | b) >>> 0);
    }
    const groups = Math.ceil(lanes.length / 4);
    let at = CONSTANTS_BYTES;
    const take = (bytes: number) => {
      const start = at;
      at += Math.ceil(bytes / 16) * 16;
      return start;
    };
    this.layout = {
      groups,
      entries,
      lanes: take(16 * groups),
      words: take(64 * groups),
      wordOf: take(4 * entries),
      times: take(8 * entries),
      offsets: take(4 * (N + 1)),
      factors: take(8 * N),
      finish: take(8 * nnz),
    };
    const exports = new WebAssembly.Instance(wasmModule('finish-times'), {}).exports as unknown as FinishTimesExports;
    // Grown once, before any view is taken (growing detaches the views).
    const pages = Math.ceil(at / PAGE_BYTES) - exports.memory.buffer.byteLength / PAGE_BYTES;
    if (pages > 0) exports.memory.grow(pages);
    this.exports = exports;
    const buffer = exports.memory.buffer;
    new Uint32Array(buffer, this.layout.lanes, 4 * groups).set(lanes);
    new Int32Array(buffer, this.layout.wordOf, entries).set(wordOf);
    new Int32Array(buffer, this.layout.offsets, N + 1).set(offsets);
    this.factors = new Float64Array(buffer, this.layout.factors, N);
    this.finish = new Float64Array(buffer, this.layout.finish, nnz);
  }

  /** Writes `finish` for `trial` from the current `factors`. */
  compute(trial: number): void {
    const L = this.layout;
    const { a, b } = this.model.chunkTime;
    this.exports.finishTimes(
      trial,
      this.cell,
      this.word,
      this.k0,
      this.k1,
      a,
      b,
      L.groups,
      this.schedule.code.N,
      L.entries,
      L.lanes,
      L.words,
      L.wordOf,
      L.times,
      L.offsets,
      L.factors,
      L.finish,
    );
  }
}
