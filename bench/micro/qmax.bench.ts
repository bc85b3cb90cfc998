/**
 * Micro-benchmark: Qmax (the worst-case number of computations before exact decoding, DESIGN §3) and the orders
 * that minimise it, on the benchmark workloads' codes.
 *
 *   npx tsx bench/micro/qmax.bench.ts
 *
 * - `qmax` of the natural order of cyclic N = m = 100, δ = 10 (W1's partial assignment), ℓ = 1 and 2;
 * - `optimalOrder` (Latin: δ perfect matchings by Hopcroft–Karp, then its Qmax and lower bound) of the seeded random
 *   4-regular code N = m = 64 (W2) and of the cyclic δ = 10 code;
 * - `qmaxBruteForce` of an 8-worker cyclic δ = 3 code (every progress state enumerated), the test oracle.
 */
import { Bench } from 'tinybench';
import { parseCodeSpec } from '../../src/codes/spec.js';
import { naturalOrder } from '../../src/ordering/natural-order.js';
import { optimalOrder } from '../../src/ordering/optimal-order.js';
import { qmax } from '../../src/ordering/qmax.js';
import { qmaxBruteForce } from '../../src/ordering/qmax-brute-force.js';
import { printRates } from './rates.js';

const cyclic = parseCodeSpec('cyclic:N=100,s=9');
const regular = parseCodeSpec('random:regular:N=64,d=4,seed=1');
const small = parseCodeSpec('cyclic:N=8,d=3');
const natural = naturalOrder(cyclic);
const smallOrder = naturalOrder(small);

const bench = new Bench({ name: 'qmax', time: 1500, warmupTime: 200 });
bench
  .add('qmax natural order, cyclic N=100 δ=10, ℓ=1', () => qmax(natural, cyclic.m, 1))
  .add('qmax natural order, cyclic N=100 δ=10, ℓ=2', () => qmax(natural, cyclic.m, 2))
  .add('optimalOrder (Latin) random 4-regular N=64', () => optimalOrder(regular))
  .add('optimalOrder (Latin) cyclic N=100 δ=10', () => optimalOrder(cyclic))
  .add('qmaxBruteForce cyclic N=8 δ=3 (oracle, 4⁸ states)', () => qmaxBruteForce(smallOrder, small.m, 1));
await bench.run();
printRates(bench, new Map());
console.log(
  `Qmax cyclic natural ℓ=1: ${qmax(natural, cyclic.m, 1).qmax} (bound Nδ − δ(δ+1)/2 + 1 = ${100 * 10 - 55 + 1}); ` +
    `random regular Latin: ${optimalOrder(regular).qmax}; node ${process.version}`,
);
