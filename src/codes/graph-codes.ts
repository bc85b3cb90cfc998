import { requireInput } from '../errors.js';
import { codeFromRows } from './build.js';
import { type Graph, graphDegrees } from './graphs.js';
import type { GradientCode } from './types.js';

/**
 * Graph assignment scheme — Glasgow & Wootters, "Approximate Gradient Coding with Optimal Decoding", IEEE JSAIT 2021
 * (arXiv 2006.09638), Def. II.2 (core-gc.md D.2): machines = edges (workers N = #edges), data blocks = vertices
 * (chunks m = #vertices); machine (u, v) holds blocks u and v with coefficient 1 (A is the vertex–edge incidence
 * matrix, transposed to rows = workers). A loop (u, u) of a multigraph (Margulis) is a worker holding u alone with
 * coefficient 2, the incidence-matrix convention; parallel edges are separate workers. `meta.extra` (kind 'graph')
 * carries the edge list for the linear-time optimal decoder.
 */
export function graphIncidenceCode(
  graph: Graph,
  params: Record<string, number | string> = {},
  name = `graph:${graph.name}`,
): GradientCode {
  const E = graph.edges.length / 2;
  requireInput(E >= 1, 'graph', `${graph.name} has no edges`);
  const rows: number[][] = [];
  const coefficients: number[][] = [];
  for (let e = 0; e < E; e++) {
    const u = graph.edges[2 * e];
    const v = graph.edges[2 * e + 1];
    rows.push(u === v ? [u] : [u, v]);
    coefficients.push(u === v ? [2] : [1, 1]);
  }
  return codeFromRows({
    name,
    m: graph.vertices,
    rows,
    coefficients,
    meta: {
      family: `Graph (vertex–edge incidence) code: ${graph.name}`,
      params: { ...params, vertices: graph.vertices, edges: E },
      citation:
        'Glasgow & Wootters, "Approximate Gradient Coding with Optimal Decoding", IEEE JSAIT 2021 (arXiv 2006.09638), Def. II.2',
      reconstruction: false,
      extra: { kind: 'graph', vertices: graph.vertices, edges: Int32Array.from(graph.edges) },
    },
  });
}

/**
 * Normalised-adjacency code — Raviv, Tamo, Tandon, Dimakis, "Gradient Coding from Cyclic MDS Codes and Expander
 * Graphs", ICML 2018, as implemented in the authors' `getBapprox` (rashisht1/approx_gradient_coding;
 * core-gc.md E): N = m = #vertices, B = (1/d)·adjacency, i.e. worker v holds the chunks of its neighbours with
 * coefficient (multiplicity)/d; a loop adds 2 to the diagonal entry, as in the reference code. `degree` defaults to the
 * graph's common degree (InputError on `graph` when the graph is irregular and no degree is given).
 */
export function normalizedAdjacencyCode(
  graph: Graph,
  params: Record<string, number | string> = {},
  degree?: number,
  name = `graph-adjacency:${graph.name}`,
): GradientCode {
  const deg = graphDegrees(graph);
  let d = degree;
  if (d === undefined) {
    requireInput(
      deg.every((x) => x === deg[0]),
      'graph',
      `${graph.name} is not regular; give its degree`,
    );
    d = deg[0];
  }
  requireInput(d > 0, 'degree', `must be > 0, got ${d}`);
  const n = graph.vertices;
  const weight: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const add = (a: number, b: number) => weight[a].set(b, (weight[a].get(b) ?? 0) + 1);
  for (let e = 0; e < graph.edges.length; e += 2) {
    add(graph.edges[e], graph.edges[e + 1]);
    add(graph.edges[e + 1], graph.edges[e]);
  }
  const rows: number[][] = [];
  const coefficients: number[][] = [];
  for (let v = 0; v < n; v++) {
    const entries = Array.from(weight[v].entries()).sort((a, b) => a[0] - b[0]);
    rows.push(entries.map((x) => x[0]));
    coefficients.push(entries.map((x) => x[1] / (d as number)));
  }
  return codeFromRows({
    name,
    m: n,
    rows,
    coefficients,
    meta: {
      family: `Normalised-adjacency code: ${graph.name}`,
      params: { ...params, vertices: n, degree: d },
      citation:
        'Raviv, Tamo, Tandon, Dimakis, "Gradient Coding from Cyclic MDS Codes and Expander Graphs", ICML 2018; B = (1/d)·adjacency as in the authors\' getBapprox',
      reconstruction: false,
      extra: { kind: 'graph-adjacency', vertices: n, degree: d, edges: Int32Array.from(graph.edges) },
    },
  });
}
