import { Stream, seedKey, streamWord } from '../../rng/counters.js';
import { normalFromWords, uniformFromWord } from '../../rng/distributions.js';
import { philoxSequence } from '../../rng/philox.js';

/**
 * Dataset randomness on the one Philox counter layout (src/rng/counters.ts): key = the dataset seed, counter =
 * (lane, 0, part, stream `dataset`), where `part` separates the independent pieces of one generator (design matrix,
 * rotation, truth, noise, labels, shuffle). Any backend or machine rebuilds the same dataset from (seed, part).
 */

/** Words per block of the sequential fill, bounding the scratch of large fills. */
const BLOCK_WORDS = 1 << 16;

/** `count` standard normals (Box–Muller on word pairs 2k, 2k + 1 of the (seed, part) sequence). */
export function philoxNormals(seed: number | bigint, part: number, count: number): Float64Array {
  const [k0, k1] = seedKey(seed);
  const c3 = streamWord(Stream.dataset);
  const out = new Float64Array(count);
  const words = new Uint32Array(Math.min(BLOCK_WORDS, 2 * count));
  for (let first = 0; first < count; first += words.length / 2) {
    const n = Math.min(words.length / 2, count - first);
    philoxSequence(k0, k1, 0, part, c3, 2 * first, 2 * n, words);
    for (let i = 0; i < n; i++) out[first + i] = normalFromWords(words[2 * i], words[2 * i + 1]);
  }
  return out;
}

/** `count` uniforms in [0, 1) with 24-bit resolution (word k of the (seed, part) sequence). */
export function philoxUniforms(seed: number | bigint, part: number, count: number): Float64Array {
  const [k0, k1] = seedKey(seed);
  const words = new Uint32Array(count);
  philoxSequence(k0, k1, 0, part, streamWord(Stream.dataset), 0, count, words);
  return Float64Array.from(words, uniformFromWord);
}

/** A seeded permutation of 0 … n − 1 (Fisher–Yates driven by the (seed, part) uniforms). */
export function philoxPermutation(seed: number | bigint, part: number, n: number): Int32Array {
  const u = philoxUniforms(seed, part, Math.max(0, n - 1));
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(u[n - 1 - i] * (i + 1)));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm;
}
