/**
 * Micro-benchmark: error statistics over every straggler set, and single decodes.
 *
 *   npx tsx bench/micro/straggler-sets.bench.ts
 *
 * - all C(20,4) = 4845 straggler sets of a 20-worker code (random Gaussian coefficients on a cyclic δ = 5
 *   support) with optimal decoding: the prefix-sharing projector walk (`stragglerStatistics`) against one batch
 *   least-squares decode per set;
 * - one optimal decode of a 200-edge random graph code: linear-time graph decoder vs least squares.
 */
import { Bench } from 'tinybench';
import { forEachCombination } from '../../src/adversarial/combinations.js';
import { stragglerStatistics } from '../../src/adversarial/straggler-statistics.js';
import type { GradientCode } from '../../src/codes/types.js';
import { decode } from '../../src/decoders/registry.js';
import { Stream } from '../../src/rng/counters.js';
import { PhiloxStream } from '../../src/rng/stream.js';

function codeFromSupport(
  m: number,
  support: number[][],
  coefficient: () => number,
  extra?: GradientCode['meta']['extra'],
): GradientCode {
  const offsets = new Int32Array(support.length + 1);
  support.forEach((s, j) => {
    offsets[j + 1] = offsets[j] + s.length;
  });
  const chunks = Int32Array.from(support.flat());
  return {
    name: 'bench',
    N: support.length,
    m,
    parts: 1,
    offsets,
    chunks,
    coefficients: Float64Array.from(chunks, coefficient),
    recovery: { kind: 'least-squares' },
    meta: { family: 'bench', params: {}, citation: 'bench', reconstruction: false, extra },
  };
}

const rng = new PhiloxStream(1, Stream.test);
const cyclic = codeFromSupport(
  20,
  Array.from({ length: 20 }, (_, j) => Array.from({ length: 5 }, (_, t) => (j + t) % 20)),
  () => rng.normal(),
);

const vertices = 100;
const edges: [number, number][] = [];
const seen = new Set<number>();
while (edges.length < 200) {
  const u = rng.integer(vertices);
  const v = rng.integer(vertices);
  if (u === v || seen.has(Math.min(u, v) * vertices + Math.max(u, v))) continue;
  seen.add(Math.min(u, v) * vertices + Math.max(u, v));
  edges.push([u, v]);
}
const graph = codeFromSupport(
  vertices,
  edges.map(([u, v]) => [u, v]),
  () => 1,
  { kind: 'graph', vertices, edges: Int32Array.from(edges.flat()) },
);
const graphMask = Uint8Array.from({ length: edges.length }, () => (rng.uniform() < 0.3 ? 0 : 1));

const bench = new Bench({ name: 'straggler sets', time: 3000, warmupTime: 500, iterations: 10 });
bench
  .add('C(20,4) optimal: projector walk (stragglerStatistics)', () => {
    stragglerStatistics(cyclic, { kind: 'exhaustive', s: 4 });
  })
  .add('C(20,4) optimal: batch least squares per set', () => {
    const mask = new Uint8Array(20);
    forEachCombination(20, 4, (T) => {
      mask.fill(1);
      for (const j of T) mask[j] = 0;
      decode(cyclic, 'optimal', { survivors: mask });
    });
  })
  .add('graph code 100 vertices / 200 edges: graph decoder', () => {
    decode(graph, 'graph', { survivors: graphMask });
  })
  .add('graph code 100 vertices / 200 edges: least squares', () => {
    decode(graph, 'optimal', { survivors: graphMask });
  });
await bench.run();
console.log(`node ${process.version}`);
console.table(bench.table());
