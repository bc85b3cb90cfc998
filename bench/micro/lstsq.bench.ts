/**
 * Micro-benchmark: gradcode's rank-revealing least-squares core (column-pivoted Householder QR + RZ, min-norm
 * solution, explicit residual) against ml-matrix's `QrDecomposition.solve` (unpivoted QR, no rank handling).
 *
 *   npx tsx bench/micro/lstsq.bench.ts            # 500×200 full rank (the acceptance size), plus smaller shapes
 *
 * Inputs are built outside the timed region for both libraries (a DenseMatrix for ours, an ml-matrix Matrix for
 * theirs), so each task times factorisation + solve only. Prints tinybench's table, the accuracy of both answers
 * against the planted solution, and a verdict line for 500×200.
 */
import { Matrix, QrDecomposition } from 'ml-matrix';
import { Bench } from 'tinybench';
import { type DenseMatrix, multiplyVector, toRows, zeros } from '../../src/linalg/dense-matrix.js';
import { leastSquares } from '../../src/linalg/least-squares.js';
import { Stream } from '../../src/rng/counters.js';
import { PhiloxStream } from '../../src/rng/stream.js';

interface Case {
  readonly label: string;
  readonly ours: DenseMatrix;
  readonly theirs: Matrix;
  readonly b: Float64Array;
  readonly bMatrix: Matrix;
  readonly xTrue: Float64Array;
}

function makeCase(rows: number, cols: number, seed: number): Case {
  const rng = new PhiloxStream(seed, Stream.test);
  const a = zeros(rows, cols);
  for (let k = 0; k < a.data.length; k++) a.data[k] = rng.normal();
  const xTrue = Float64Array.from({ length: cols }, () => rng.normal());
  const b = multiplyVector(a, xTrue);
  return {
    label: `${rows}×${cols}`,
    ours: a,
    theirs: new Matrix(toRows(a)),
    b,
    bMatrix: Matrix.columnVector(Array.from(b)),
    xTrue,
  };
}

function errorNorm(x: ArrayLike<number>, xTrue: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xTrue.length; i++) s += (x[i] - xTrue[i]) ** 2;
  return Math.sqrt(s);
}

const cases = [makeCase(500, 200, 1), makeCase(100, 40, 2), makeCase(40, 30, 3)];
const bench = new Bench({ name: 'least squares', time: 3000, warmupTime: 500, iterations: 20 });
for (const c of cases) {
  bench.add(`gradcode leastSquares ${c.label}`, () => {
    leastSquares(c.ours, c.b);
  });
  bench.add(`ml-matrix QrDecomposition.solve ${c.label}`, () => {
    new QrDecomposition(c.theirs).solve(c.bMatrix);
  });
}
await bench.run();
console.log(`node ${process.version}`);
console.table(bench.table());

for (const c of cases) {
  const ours = leastSquares(c.ours, c.b);
  const theirs = new QrDecomposition(c.theirs).solve(c.bMatrix).to1DArray();
  console.log(
    `${c.label}: ‖x − x_true‖ gradcode ${errorNorm(ours.x, c.xTrue).toExponential(2)} (rank ${ours.rank}), ` +
      `ml-matrix ${errorNorm(theirs, c.xTrue).toExponential(2)}`,
  );
}

const mean = (name: string): number => {
  const task = bench.tasks.find((t) => t.name === name);
  const result = task?.result;
  if (!result || !('latency' in result)) throw new Error(`no result for ${name}`);
  return result.latency.mean;
};
const oursMs = mean('gradcode leastSquares 500×200');
const theirsMs = mean('ml-matrix QrDecomposition.solve 500×200');
console.log(
  `500×200: gradcode ${oursMs.toFixed(2)} ms vs ml-matrix ${theirsMs.toFixed(2)} ms (mean latency) → ` +
    `${oursMs <= theirsMs ? 'at least as fast' : 'SLOWER'} (ratio ${(theirsMs / oursMs).toFixed(2)}×)`,
);
