/**
 * Maximum bipartite matching by Hopcroft–Karp (SIAM J. Comput. 1973): BFS builds layers from the free left
 * vertices, DFS finds a maximal set of vertex-disjoint shortest augmenting paths; O(E √V).
 *
 * @param left       number of left vertices (workers)
 * @param right      number of right vertices (chunks)
 * @param adjacency  CSR: right neighbours of left vertex u are `targets[offsets[u] .. offsets[u+1]−1]`
 * @returns matchLeft[u] = matched right vertex or −1, and the matching size
 */
export function maximumMatching(
  left: number,
  right: number,
  offsets: Int32Array,
  targets: Int32Array,
): { matchLeft: Int32Array; size: number } {
  const matchLeft = new Int32Array(left).fill(-1);
  const matchRight = new Int32Array(right).fill(-1);
  const dist = new Int32Array(left);
  const queue = new Int32Array(left);
  const edgeCursor = new Int32Array(left);
  const INF = 0x7fffffff;
  let size = 0;
  const bfs = (): boolean => {
    let head = 0;
    let tail = 0;
    for (let u = 0; u < left; u++) {
      if (matchLeft[u] === -1) {
        dist[u] = 0;
        queue[tail++] = u;
      } else {
        dist[u] = INF;
      }
    }
    let found = false;
    while (head < tail) {
      const u = queue[head++];
      for (let k = offsets[u]; k < offsets[u + 1]; k++) {
        const w = matchRight[targets[k]];
        if (w === -1) found = true;
        else if (dist[w] === INF) {
          dist[w] = dist[u] + 1;
          queue[tail++] = w;
        }
      }
    }
    return found;
  };
  // Iterative DFS along the layered graph (avoids recursion depth limits on long augmenting paths).
  const stack = new Int32Array(left);
  const dfs = (root: number): boolean => {
    let depth = 0;
    stack[0] = root;
    while (depth >= 0) {
      const u = stack[depth];
      if (edgeCursor[u] >= offsets[u + 1]) {
        dist[u] = INF; // dead end
        depth--;
        continue;
      }
      const v = targets[edgeCursor[u]];
      const w = matchRight[v];
      if (w === -1) {
        // Augment along the stack: each stack vertex takes the chunk its cursor points to.
        for (let d = depth; d >= 0; d--) {
          const x = stack[d];
          const y = targets[edgeCursor[x]];
          matchRight[y] = x;
          matchLeft[x] = y;
        }
        return true;
      }
      if (dist[w] === dist[u] + 1) {
        stack[++depth] = w;
        continue;
      }
      edgeCursor[u]++;
    }
    return false;
  };
  while (bfs()) {
    for (let u = 0; u < left; u++) edgeCursor[u] = offsets[u];
    for (let u = 0; u < left; u++) {
      if (matchLeft[u] === -1 && dfs(u)) size++;
    }
  }
  return { matchLeft, size };
}
