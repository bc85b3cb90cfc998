/**
 * Micro-benchmark: the least-squares decoders on the W2 code (random 4-regular, N = m = 64; one W2 trial = the
 * optimal error over ≈ 51 surviving workers).
 *
 *   npx tsx bench/micro/decoders.bench.ts
 *
 * - streaming: the trial engine's f64 Gram least squares (`GramLeastSquares`, bordered Cholesky, O(k²) per
 *   arrival) fed every survivor of a trial, then `error()` — what the CPU twin does per W2 trial (once for the
 *   completion rule and once for the T = ∞ curve point);
 * - complement, error form: `ComplementLeastSquares.forCode(code).gram.errorWithout` — the same optimal error from the
 *   ≈ 13 missing workers alone, one |F| × |F| Cholesky of (G⁻¹)_FF (the trial engine's final-set shortcut, used by
 *   W2 at T = ∞);
 * - complement, decoding form: `….projection.decode` — α = a₀ − B⁺c and its error from the missing workers (what
 *   training uses), for the cost of computing α rather than the error alone;
 * - batch: `decode(code, 'optimal', …)` of src/decoders (rank-revealing QR with the weights and α), the library path
 *   of `gradcode inspect`.
 * 256 fixed survivor sets (each worker alive w.p. 0.8), cycled, so both decode the same sets; a rate is decodes/s.
 */
import { Bench } from 'tinybench';
import { parseCodeSpec } from '../../src/codes/spec.js';
import { GramLeastSquares } from '../../src/decoders/gram-least-squares.js';
import { decode } from '../../src/decoders/registry.js';
import { ComplementLeastSquares } from '../../src/protocols/complement-least-squares.js';
import { ROUND_TOLERANCES } from '../../src/protocols/round-plan.js';
import { Stream } from '../../src/rng/counters.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import { printRates } from './rates.js';

const code = parseCodeSpec('random:regular:N=64,d=4,seed=1');
const rng = new PhiloxStream(7, Stream.test);
const SETS = 256;
const survivors = Array.from({ length: SETS }, () =>
  Uint8Array.from({ length: code.N }, () => (rng.uniform() < 0.8 ? 1 : 0)),
);
const streaming = new GramLeastSquares(code, ROUND_TOLERANCES.f64.rank);
const complement = ComplementLeastSquares.forCode(code).gram;
const projection = ComplementLeastSquares.forCode(code).projection;
if (!complement || !projection) throw new Error('the W2 code should qualify for both complement forms');
const alpha = new Float64Array(code.m);
const coefficients = new Float64Array(code.N);
const missing = survivors.map((s) => Int32Array.from([...s].flatMap((alive, j) => (alive ? [] : [j]))));

let a = 0;
let b = 0;
const bench = new Bench({ name: 'least-squares decoders', time: 2000, warmupTime: 300 });
const units = new Map<string, { count: number; unit: string }>();
bench.add('streaming Gram least squares (trial engine, f64), one W2 trial', () => {
  const s = survivors[a++ % SETS];
  streaming.reset();
  for (let j = 0; j < code.N; j++) if (s[j]) streaming.add(j);
  if (!(streaming.error() >= 0)) throw new Error('negative error');
});
units.set('streaming Gram least squares (trial engine, f64), one W2 trial', { count: 1, unit: 'decodes' });
let c = 0;
bench.add('complement least squares (missing workers only, f64), one W2 trial', () => {
  const f = missing[c++ % SETS];
  if (!(complement.errorWithout(f, f.length) >= 0)) throw new Error('negative error');
});
units.set('complement least squares (missing workers only, f64), one W2 trial', { count: 1, unit: 'decodes' });
let d = 0;
bench.add('complement decoding α = a₀ − B⁺c (missing workers only, f64), one W2 set', () => {
  if (!projection.decode(survivors[d++ % SETS], alpha, coefficients).ok) throw new Error('complement decoding failed');
});
units.set('complement decoding α = a₀ − B⁺c (missing workers only, f64), one W2 set', { count: 1, unit: 'decodes' });
bench.add("batch decode(code, 'optimal') (src/decoders), one W2 set", () => {
  const r = decode(code, 'optimal', { survivors: survivors[b++ % SETS] });
  if (!(r.error >= 0)) throw new Error('negative error');
});
units.set("batch decode(code, 'optimal') (src/decoders), one W2 set", { count: 1, unit: 'decodes' });
await bench.run();
printRates(bench, units);
// All three must agree (same optimal error) on every set.
let worst = 0;
let worstComplement = 0;
survivors.forEach((s, i) => {
  streaming.reset();
  for (let j = 0; j < code.N; j++) if (s[j]) streaming.add(j);
  const batch = decode(code, 'optimal', { survivors: s }).error;
  worst = Math.max(worst, Math.abs(streaming.error() - batch));
  worstComplement = Math.max(worstComplement, Math.abs(complement.errorWithout(missing[i], missing[i].length) - batch));
});
console.log(
  `largest |streaming − batch| over ${SETS} sets: ${worst.toExponential(2)}; |complement − batch|: ${worstComplement.toExponential(2)}; node ${process.version}`,
);
