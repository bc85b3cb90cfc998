import { invariant, requireInput } from '../errors.js';
import { isPrime, requireInteger } from './validate.js';

/**
 * A balanced incomplete block design (v, b, r, k, λ): v points, b blocks of k points, every point in r blocks, every
 * pair of points in exactly λ blocks (approx-codes.md A.2). `blocks[t]` lists block t's points in increasing order.
 */
export interface BlockDesign {
  readonly name: string;
  readonly v: number;
  readonly b: number;
  readonly r: number;
  readonly k: number;
  readonly lambda: number;
  readonly blocks: readonly Int32Array[];
}

/**
 * Cyclic difference sets of symmetric designs (approx-codes.md A.2 table; each verified by
 * {@link verifyBlockDesign} when used). Keyed by n = v; blocks are D + t mod n, t = 0..n−1.
 */
export const DIFFERENCE_SET_TABLE: Readonly<
  Record<number, { readonly name: string; readonly set: readonly number[] }>
> = {
  7: { name: 'PG(2,2) Fano plane (7,3,1)', set: [0, 1, 3] },
  11: { name: 'Paley biplane (11,5,2)', set: [1, 3, 4, 5, 9] },
  13: { name: 'PG(2,3) (13,4,1)', set: [0, 1, 3, 9] },
  15: { name: 'PG(3,2) points/planes (15,7,3)', set: [0, 1, 2, 4, 5, 8, 10] },
  19: { name: 'Paley/Hadamard (19,9,4)', set: [1, 4, 5, 6, 7, 9, 11, 16, 17] },
  21: { name: 'PG(2,4) (21,5,1)', set: [3, 6, 7, 12, 14] },
  31: { name: 'PG(2,5) (31,6,1)', set: [1, 5, 11, 24, 25, 27] },
  57: { name: 'PG(2,7) (57,8,1)', set: [0, 1, 3, 13, 32, 36, 43, 52] },
};

/**
 * Counts pair occurrences and checks the BIBD axioms; returns the parameters (v, b, r, k, λ). Throws an Error naming
 * the first violation (block sizes differ, replication differs, a pair count differs, repeated point).
 */
export function verifyBlockDesign(
  v: number,
  blocks: readonly ArrayLike<number>[],
): Omit<BlockDesign, 'name' | 'blocks'> {
  const b = blocks.length;
  if (b === 0) throw new Error('design has no blocks');
  const k = blocks[0].length;
  const rep = new Int32Array(v);
  const pairs = new Int32Array(v * v);
  for (let t = 0; t < b; t++) {
    const block = blocks[t];
    if (block.length !== k) throw new Error(`block ${t} has ${block.length} points, block 0 has ${k}`);
    for (let a = 0; a < block.length; a++) {
      const x = block[a];
      if (!(Number.isInteger(x) && x >= 0 && x < v)) throw new Error(`block ${t}: point ${x} outside 0..${v - 1}`);
      rep[x]++;
      for (let c = 0; c < a; c++) {
        const y = block[c];
        if (y === x) throw new Error(`block ${t} repeats point ${x}`);
        pairs[Math.min(x, y) * v + Math.max(x, y)]++;
      }
    }
  }
  const r = rep[0];
  for (let x = 1; x < v; x++) if (rep[x] !== r) throw new Error(`point ${x} is in ${rep[x]} blocks, point 0 in ${r}`);
  const lambda = v > 1 ? pairs[1] : 0;
  for (let x = 0; x < v; x++) {
    for (let y = x + 1; y < v; y++) {
      if (pairs[x * v + y] !== lambda)
        throw new Error(`points ${x},${y} share ${pairs[x * v + y]} blocks, not λ = ${lambda}`);
    }
  }
  return { v, b, r, k, lambda };
}

function design(name: string, v: number, blocks: Int32Array[]): BlockDesign {
  for (const block of blocks) block.sort();
  let params: Omit<BlockDesign, 'name' | 'blocks'>;
  try {
    params = verifyBlockDesign(v, blocks);
  } catch (e) {
    invariant(false, `${name} is not a BIBD: ${(e as Error).message}`);
  }
  return { name, ...params, blocks };
}

/** Number of times each non-zero difference x − y (mod n) occurs in `set`; a difference set has them all equal. */
function differenceCounts(n: number, set: readonly number[]): Int32Array {
  const counts = new Int32Array(n);
  for (const x of set) for (const y of set) if (x !== y) counts[(((x - y) % n) + n) % n]++;
  return counts;
}

/**
 * The symmetric design of a cyclic (n, k, λ) difference set D: points Z_n, blocks D + t (t = 0..n−1). With `set`
 * omitted, the set from {@link DIFFERENCE_SET_TABLE} for n. Kadhe, Koyluoglu, Ramchandran, ISIT 2019 use symmetric
 * BIBDs; the table is approx-codes.md A.2. Throws InputError (`n` or `set`) when n has no table entry or the given set
 * is not a difference set.
 */
export function differenceSetDesign(n: number, set?: readonly number[]): BlockDesign {
  requireInteger(n, 'n', 3);
  let name: string;
  let base: readonly number[];
  if (set === undefined) {
    const entry = DIFFERENCE_SET_TABLE[n];
    requireInput(
      entry !== undefined,
      'n',
      `no tabulated difference set for n = ${n}; tabulated: ${Object.keys(DIFFERENCE_SET_TABLE).join(', ')} (or give set=[…])`,
    );
    name = entry.name;
    base = entry.set;
  } else {
    for (const x of set) requireInput(Number.isInteger(x), 'set', `elements must be integers, got ${x}`);
    base = Array.from(new Set(set.map((x) => ((x % n) + n) % n)));
    requireInput(base.length === set.length, 'set', 'elements must be distinct mod n');
    requireInput(base.length >= 2 && base.length < n, 'set', `size must be in 2..${n - 1}, got ${base.length}`);
    const counts = differenceCounts(n, base);
    for (let d = 2; d < n; d++) {
      requireInput(
        counts[d] === counts[1],
        'set',
        `{${set.join(',')}} is not a difference set mod ${n}: difference 1 occurs ${counts[1]} times, ${d} occurs ${counts[d]} times`,
      );
    }
    name = `difference set {${base.join(',')}} mod ${n}`;
  }
  const blocks = Array.from({ length: n }, (_, t) => Int32Array.from(base, (x) => (x + t) % n));
  return design(name, n, blocks);
}

/** The Fano plane PG(2,2), (7,3,1), from the difference set {0,1,3} mod 7. */
export function fanoPlane(): BlockDesign {
  return differenceSetDesign(7);
}

/**
 * The projective plane PG(2,q) for prime q, (q²+q+1, q+1, 1) symmetric: points and lines are the non-zero vectors of
 * F_q³ normalised so the first non-zero coordinate is 1; point x lies on line L iff x·L ≡ 0 (mod q)
 * (approx-codes.md A.2). Throws InputError on `q` when q is not prime (prime powers need GF(q) arithmetic; use
 * `bibd:difference-set:n=21` for q = 4).
 */
export function projectivePlaneDesign(q: number): BlockDesign {
  requireInteger(q, 'q', 2, 1000);
  requireInput(isPrime(q), 'q', `must be prime, got ${q} (PG(2,q) over F_q is built for prime q only)`);
  const vecs: [number, number, number][] = [];
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) vecs.push([1, a, b]);
  for (let b = 0; b < q; b++) vecs.push([0, 1, b]);
  vecs.push([0, 0, 1]);
  const blocks = vecs.map((L) => {
    const pts: number[] = [];
    vecs.forEach((x, idx) => {
      if ((x[0] * L[0] + x[1] * L[1] + x[2] * L[2]) % q === 0) pts.push(idx);
    });
    return Int32Array.from(pts);
  });
  return design(`PG(2,${q})`, vecs.length, blocks);
}

/**
 * The affine plane AG(2,q) for prime q, (q², q²+q, q+1, q, 1): points (x, y) ∈ F_q² (index x·q + y), lines
 * y = a·x + c (a, c ∈ F_q) then x = c. Not symmetric: the orientation workers = points matters (approx-codes.md
 * A.2). Throws InputError on `q` when q is not prime.
 */
export function affinePlaneDesign(q: number): BlockDesign {
  requireInteger(q, 'q', 2, 1000);
  requireInput(isPrime(q), 'q', `must be prime, got ${q} (AG(2,q) is built over F_q for prime q only)`);
  const blocks: Int32Array[] = [];
  for (let a = 0; a < q; a++) {
    for (let c = 0; c < q; c++) blocks.push(Int32Array.from({ length: q }, (_, x) => x * q + ((a * x + c) % q)));
  }
  for (let c = 0; c < q; c++) blocks.push(Int32Array.from({ length: q }, (_, y) => c * q + y));
  return design(`AG(2,${q})`, q * q, blocks);
}

/**
 * The Paley design of a prime q ≡ 3 (mod 4), q ≥ 7: the quadratic residues mod q form a (q, (q−1)/2, (q−3)/4)
 * difference set (q = 11: the Paley biplane (11,5,2); q = 19: (19,9,4)). Throws InputError on `q` otherwise.
 */
export function paleyDesign(q: number): BlockDesign {
  requireInteger(q, 'q', 7, 100000);
  requireInput(isPrime(q), 'q', `must be prime, got ${q}`);
  requireInput(q % 4 === 3, 'q', `must be ≡ 3 (mod 4), got ${q} ≡ ${q % 4}`);
  const residues = new Set<number>();
  for (let x = 1; x < q; x++) residues.add((x * x) % q);
  const set = Array.from(residues).sort((a, b) => a - b);
  const blocks = Array.from({ length: q }, (_, t) => Int32Array.from(set, (x) => (x + t) % q));
  return design(`Paley(${q})`, q, blocks);
}

/**
 * The complementary design: each block replaced by the points it misses; (v, b, r, k, λ) → (v, b, b − r, v − k,
 * b − 2r + λ). Throws InputError on `of` when the complement is degenerate (block size < 2 or λ' < 1).
 */
export function complementDesign(base: BlockDesign): BlockDesign {
  const k2 = base.v - base.k;
  const l2 = base.b - 2 * base.r + base.lambda;
  requireInput(k2 >= 2 && l2 >= 1, 'of', `complement of ${base.name} is degenerate (block size ${k2}, λ = ${l2})`);
  const blocks = base.blocks.map((block) => {
    const inBlock = new Uint8Array(base.v);
    for (const x of block) inBlock[x] = 1;
    const out: number[] = [];
    for (let x = 0; x < base.v; x++) if (!inBlock[x]) out.push(x);
    return Int32Array.from(out);
  });
  return design(`complement of ${base.name}`, base.v, blocks);
}
