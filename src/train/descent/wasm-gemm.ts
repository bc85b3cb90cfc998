/**
 * The f64 matrix product of the CPU twin in WebAssembly SIMD (f64x2). The module is one fixed function, encoded
 * below, so it needs neither wabt nor a committed binary (wasm/*.wat holds the assembled kernels of other modules):
 *
 *   Y[4b + q][a] = Σ_{k < depth} M[k][a] · X_b[k][q]      (b < blocks, q < 4, a < cols)
 *
 * M is depth × cols row-major (cols a multiple of 4), X holds blocks of 4 vectors interleaved by coordinate
 * (X_b[k][q] at ((b·depth + k)·4 + q)), Y is (4·blocks) × cols row-major. Every output is one accumulator summed over
 * k = 0 … depth − 1 in order with a separate multiply and add (WebAssembly has no fused multiply-add), so a result
 * does not depend on the block it was computed in, and equals the scalar loop Σ_k M[k][a]·x[k] bit for bit.
 * Register block: 4 columns (two f64x2) × 4 vectors = 8 accumulators; per k two loads of M and four splats. Loop
 * order: column panels outside, blocks inside, so a panel of M (depth × 4, 8 KB at depth 256) stays in L1 while every
 * block passes it, and M is read from memory once per call.
 */

const OP = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  add: [0x6a],
  mul: [0x6c],
  shl: [0x74],
  ltU: [0x49],
  select: [0x1b],
  load: (offset: number) => [0xfd, 0x00, 3, ...uleb(offset)],
  splat: (offset: number) => [0xfd, 0x0a, 3, ...uleb(offset)],
  store: (offset: number) => [0xfd, 0x0b, 3, ...uleb(offset)],
  zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  fAdd: [0xfd, 0xf0, 0x01],
  fSub: [0xfd, 0xf1, 0x01],
  fMul: [0xfd, 0xf2, 0x01],
  loadI32: (offset: number) => [0x28, 2, ...uleb(offset)],
};

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (text: string) => vector([...text].map((c) => [c.charCodeAt(0)]));
const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];

/** The body of `gemm(m, x, y, depth, cols, blocks, accumulate)` (byte addresses). */
function gemmBody(): number[] {
  // Params 0–6: m, x, y, depth, cols, blocks, accumulate. i32 locals 7–13: b, a, k, mAt, xAt, rowBytes, yAt.
  // v128 locals 14–24: 8 accumulators, two rows of M, one splat.
  const [M, X, Y, DEPTH, COLS, BLOCKS, ACCUMULATE] = [0, 1, 2, 3, 4, 5, 6];
  const [B, A, K, M_AT, X_AT, ROW, Y_AT] = [7, 8, 9, 10, 11, 12, 13];
  const ACC = 14;
  const [KV0, KV1, XS] = [22, 23, 24];
  const code: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const part of parts) code.push(...part);
  };
  emit(
    vector([
      [...uleb(7), 0x7f],
      [...uleb(11), 0x7b],
    ]),
  );
  emit(OP.get(COLS), OP.i32(3), OP.shl, OP.set(ROW));
  emit(OP.i32(0), OP.set(A));
  emit(OP.block, OP.get(BLOCKS), OP.i32(0), [0x46], OP.brIf(0)); // blocks == 0 → done
  emit(OP.loop);
  emit(OP.i32(0), OP.set(B));
  emit(OP.loop);
  // Y rows 4b … 4b + 3, columns a … a + 3: the accumulators start there (accumulate) or at zero.
  emit(OP.get(Y), OP.get(B), OP.i32(2), OP.shl, OP.get(ROW), OP.mul, OP.add, OP.get(A), OP.i32(3), OP.shl, OP.add);
  emit(OP.set(Y_AT));
  for (let q = 0; q < 4; q++) {
    for (let h = 0; h < 2; h++) {
      emit(OP.get(Y_AT), OP.get(ROW), OP.i32(q), OP.mul, OP.add, OP.load(16 * h), OP.zero, OP.get(ACCUMULATE));
      emit(OP.select, OP.set(ACC + 2 * q + h));
    }
  }
  emit(OP.get(M), OP.get(A), OP.i32(3), OP.shl, OP.add, OP.set(M_AT));
  // X block b starts at x + b·depth·32 bytes.
  emit(OP.get(X), OP.get(B), OP.get(DEPTH), OP.mul, OP.i32(5), OP.shl, OP.add, OP.set(X_AT));
  emit(OP.i32(0), OP.set(K));
  emit(OP.loop);
  emit(OP.get(M_AT), OP.load(0), OP.set(KV0), OP.get(M_AT), OP.load(16), OP.set(KV1));
  for (let q = 0; q < 4; q++) {
    emit(OP.get(X_AT), OP.splat(8 * q), OP.set(XS));
    for (let h = 0; h < 2; h++) {
      const acc = ACC + 2 * q + h;
      emit(OP.get(acc), OP.get(h === 0 ? KV0 : KV1), OP.get(XS), OP.fMul, OP.fAdd, OP.set(acc));
    }
  }
  emit(OP.get(M_AT), OP.get(ROW), OP.add, OP.set(M_AT));
  emit(OP.get(X_AT), OP.i32(32), OP.add, OP.set(X_AT));
  emit(OP.get(K), OP.i32(1), OP.add, OP.tee(K), OP.get(DEPTH), OP.ltU, OP.brIf(0));
  emit(OP.end);
  for (let q = 0; q < 4; q++) {
    for (let h = 0; h < 2; h++) emit(OP.get(Y_AT), OP.get(ACC + 2 * q + h), OP.store(16 * h));
    if (q < 3) emit(OP.get(Y_AT), OP.get(ROW), OP.add, OP.set(Y_AT));
  }
  emit(OP.get(B), OP.i32(1), OP.add, OP.tee(B), OP.get(BLOCKS), OP.ltU, OP.brIf(0));
  emit(OP.end);
  emit(OP.get(A), OP.i32(4), OP.add, OP.tee(A), OP.get(COLS), OP.ltU, OP.brIf(0));
  emit(OP.end, OP.end, OP.end);
  return code;
}

/**
 * The body of `gemmRuns(m, runs, x, xRow, out, outRow, beta, coefs, depth, cols, blocks, mode)`: the product of M with
 * the vectors x + runs[v]·xRow (v < 4·blocks, each a row of `depth` f64), fused with the update of the rows
 * out + runs[v]·outRow (byte addresses and strides): mode 0 writes out = M·x − β, mode 1 subtracts
 * coefs[v]·(M·x − β) — per element t = acc − β, then out − c·t, the operations of the scalar update.
 */
function gemmRunsBody(): number[] {
  const [M, RUNS, X, X_ROW, OUT, OUT_ROW, BETA, COEFS, DEPTH, COLS, BLOCKS, MODE] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
  ];
  const [B, A, K, M_AT, ROW, K8, XP, OP_] = [12, 13, 14, 15, 16, 17, 18, 22];
  const ACC = 26;
  const [KV0, KV1, XS, T, C] = [34, 35, 36, 37, 38];
  const code: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const part of parts) code.push(...part);
  };
  emit(
    vector([
      [...uleb(14), 0x7f],
      [...uleb(13), 0x7b],
    ]),
  );
  emit(OP.get(COLS), OP.i32(3), OP.shl, OP.set(ROW));
  emit(OP.i32(0), OP.set(A));
  emit(OP.block, OP.get(BLOCKS), OP.i32(0), [0x46], OP.brIf(0));
  emit(OP.loop);
  emit(OP.i32(0), OP.set(B));
  emit(OP.loop);
  for (let q = 0; q < 4; q++) {
    // run = runs[4b + q]; xp_q = x + run·xRow; op_q = out + run·outRow
    emit(OP.get(RUNS), OP.get(B), OP.i32(4), OP.shl, OP.add, OP.loadI32(4 * q));
    emit(OP.tee(K)); // K as a scratch for the run index
    emit(OP.get(X_ROW), OP.mul, OP.get(X), OP.add, OP.set(XP + q));
    emit(OP.get(K), OP.get(OUT_ROW), OP.mul, OP.get(OUT), OP.add, OP.set(OP_ + q));
  }
  for (let t = 0; t < 8; t++) emit(OP.zero, OP.set(ACC + t));
  emit(OP.get(M), OP.get(A), OP.i32(3), OP.shl, OP.add, OP.set(M_AT));
  emit(OP.i32(0), OP.set(K8), OP.i32(0), OP.set(K));
  emit(OP.loop);
  emit(OP.get(M_AT), OP.load(0), OP.set(KV0), OP.get(M_AT), OP.load(16), OP.set(KV1));
  for (let q = 0; q < 4; q++) {
    emit(OP.get(XP + q), OP.get(K8), OP.add, OP.splat(0), OP.set(XS));
    for (let h = 0; h < 2; h++) {
      const acc = ACC + 2 * q + h;
      emit(OP.get(acc), OP.get(h === 0 ? KV0 : KV1), OP.get(XS), OP.fMul, OP.fAdd, OP.set(acc));
    }
  }
  emit(OP.get(M_AT), OP.get(ROW), OP.add, OP.set(M_AT));
  emit(OP.get(K8), OP.i32(8), OP.add, OP.set(K8));
  emit(OP.get(K), OP.i32(1), OP.add, OP.tee(K), OP.get(DEPTH), OP.ltU, OP.brIf(0));
  emit(OP.end);
  for (let q = 0; q < 4; q++) {
    // c = coefs[4b + q] (splat); K8 = column byte offset a·8 within a row
    emit(OP.get(COEFS), OP.get(B), OP.i32(5), OP.shl, OP.add, OP.splat(8 * q), OP.set(C));
    emit(OP.get(A), OP.i32(3), OP.shl, OP.set(K8));
    for (let h = 0; h < 2; h++) {
      emit(OP.get(ACC + 2 * q + h), OP.get(BETA), OP.get(K8), OP.add, OP.load(16 * h), OP.fSub, OP.set(T));
      emit(OP.get(OP_ + q), OP.get(K8), OP.add); // store address
      emit(OP.get(OP_ + q), OP.get(K8), OP.add, OP.load(16 * h), OP.get(C), OP.get(T), OP.fMul, OP.fSub); // mode 1
      emit(OP.get(T)); // mode 0
      emit(OP.get(MODE), OP.select, OP.store(16 * h)); // select(mode 1, mode 0, MODE)
    }
  }
  emit(OP.get(B), OP.i32(1), OP.add, OP.tee(B), OP.get(BLOCKS), OP.ltU, OP.brIf(0));
  emit(OP.end);
  emit(OP.get(A), OP.i32(4), OP.add, OP.tee(A), OP.get(COLS), OP.ltU, OP.brIf(0));
  emit(OP.end, OP.end, OP.end);
  return code;
}

/** The module: defines and exports `memory` (one page, growable), `gemm` and `gemmRuns`. */
function moduleBytes(): Uint8Array {
  const i32 = 0x7f;
  const body = gemmBody();
  const runsBody = gemmRunsBody();
  const params = (n: number) => vector(Array.from({ length: n }, () => [i32]));
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(
      1,
      vector([
        [0x60, ...params(7), 0x00],
        [0x60, ...params(12), 0x00],
      ]),
    ),
    ...section(3, vector([[0x00], [0x01]])),
    ...section(5, vector([[0x00, 0x01]])),
    ...section(
      7,
      vector([
        [...name('gemm'), 0x00, 0x00],
        [...name('gemmRuns'), 0x00, 0x01],
        [...name('memory'), 0x02, 0x00],
      ]),
    ),
    ...section(
      10,
      vector([
        [...uleb(body.length), ...body],
        [...uleb(runsBody.length), ...runsBody],
      ]),
    ),
  ]);
}

let compiled: WebAssembly.Module | null = null;

/** One instance per thread: its own memory, grown on demand; f64 offsets are in 8-byte units. */
export class WasmGemm {
  private readonly memory: WebAssembly.Memory;
  private readonly run: (
    m: number,
    x: number,
    y: number,
    depth: number,
    cols: number,
    blocks: number,
    accumulate: number,
  ) => void;
  private readonly runRuns: (...args: number[]) => void;
  private view: Float64Array;

  constructor() {
    compiled ??= new WebAssembly.Module(moduleBytes());
    const instance = new WebAssembly.Instance(compiled);
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.run = instance.exports.gemm as WasmGemm['run'];
    this.runRuns = instance.exports.gemmRuns as WasmGemm['runRuns'];
    this.view = new Float64Array(this.memory.buffer);
  }

  /** Ensures at least `values` f64 of memory and returns the (possibly new) view. */
  reserve(values: number): Float64Array {
    const bytes = values * 8;
    if (bytes > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((bytes - this.memory.buffer.byteLength) / 65536));
      this.view = new Float64Array(this.memory.buffer);
    }
    return this.view;
  }

  /** The current f64 view of the memory. */
  get f64(): Float64Array {
    return this.view;
  }

  /**
   * Y = blocks of X times M (offsets in f64 units; see the module comment); with `accumulate` the sums continue from
   * the values already in Y (Y + X·M, each output still one accumulator, so splitting k into consecutive ranges
   * gives the same bits as one call).
   */
  gemm(m: number, x: number, y: number, depth: number, cols: number, blocks: number, accumulate = false): void {
    if (cols % 4 !== 0) throw new RangeError(`cols = ${cols} is not a multiple of 4`);
    if (blocks > 0 && depth > 0) this.run(m * 8, x * 8, y * 8, depth, cols, blocks, accumulate ? 1 : 0);
    else if (blocks > 0 && !accumulate) this.view.fill(0, y, y + 4 * blocks * cols);
  }

  /**
   * The product of M (offset m, depth × cols) with rows of a run-major array, fused with their update (offsets in
   * f64 units, `runs` in i32 units; 4·blocks run indices and coefficients): for v < 4·blocks, with x = the row
   * x + runs[v]·row and t = M·x − β (β at `beta`), the row out + runs[v]·row becomes t (mode `assign`) or
   * out − coefs[v]·t (mode `subtract`). Each element sums k in order and updates as the scalar code would.
   */
  gemmRuns(
    m: number,
    runs: number,
    x: number,
    out: number,
    row: number,
    beta: number,
    coefs: number,
    depth: number,
    cols: number,
    blocks: number,
    mode: 'assign' | 'subtract',
  ): void {
    if (cols % 4 !== 0) throw new RangeError(`cols = ${cols} is not a multiple of 4`);
    if (blocks === 0) return;
    const b = 8 * row;
    this.runRuns(
      8 * m,
      4 * runs,
      8 * x,
      b,
      8 * out,
      b,
      8 * beta,
      8 * coefs,
      depth,
      cols,
      blocks,
      mode === 'assign' ? 0 : 1,
    );
  }
}

let shared: WasmGemm | null = null;

/** This thread's instance. */
export function wasmGemm(): WasmGemm {
  shared ??= new WasmGemm();
  return shared;
}

/** Rows per product call of {@link multiplyRows} (bounds the WebAssembly memory it needs). */
const ROWS_PER_CALL = 1024;

let rowsKernel: WasmGemm | null = null;

/**
 * out = A·M for row-major A (rows × depth) and M (depth × cols): out[r][c] = Σ_k A[r][k]·M[k][c], summed over k in
 * order, bit for bit the scalar triple loop (each product a·m is the same IEEE value as m·a). Runs in blocks of
 * {@link ROWS_PER_CALL} rows on this thread's product kernel.
 */
export function multiplyRows(
  A: Float64Array,
  rows: number,
  depth: number,
  M: Float64Array,
  cols: number,
): Float64Array {
  const out = new Float64Array(rows * cols);
  if (rows === 0 || cols === 0) return out;
  const cols4 = Math.ceil(cols / 4) * 4;
  const chunk = Math.min(rows, ROWS_PER_CALL);
  const blocks = Math.ceil(chunk / 4);
  const mOff = 0;
  const xOff = depth * cols4;
  const yOff = xOff + blocks * 4 * depth;
  rowsKernel ??= new WasmGemm();
  const f = rowsKernel.reserve(yOff + blocks * 4 * cols4);
  f.fill(0, mOff, xOff);
  for (let k = 0; k < depth; k++) for (let c = 0; c < cols; c++) f[mOff + k * cols4 + c] = M[k * cols + c];
  for (let first = 0; first < rows; first += chunk) {
    const n = Math.min(chunk, rows - first);
    f.fill(0, xOff, yOff);
    for (let t = 0; t < n; t++) {
      const src = (first + t) * depth;
      const at = xOff + (t >> 2) * 4 * depth + (t & 3);
      for (let k = 0; k < depth; k++) f[at + 4 * k] = A[src + k];
    }
    rowsKernel.gemm(mOff, xOff, yOff, depth, cols4, Math.ceil(n / 4));
    for (let t = 0; t < n; t++) {
      const dst = (first + t) * cols;
      const src = yOff + t * cols4;
      for (let c = 0; c < cols; c++) out[dst + c] = f[src + c];
    }
  }
  return out;
}
