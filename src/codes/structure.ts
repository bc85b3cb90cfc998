import type { GradientCode } from './types.js';

/**
 * Dense encoding matrix: N × (m·ℓ) row-major, entry `[j·m·ℓ + i·ℓ + p]` = coefficient of worker j on block p of chunk
 * i (for ℓ = 1 this is B of Tandon et al. 2017, §2). Zero off the support.
 */
export function denseMatrix(code: GradientCode): Float64Array {
  const { N, m, parts, offsets, chunks, coefficients } = code;
  const width = m * parts;
  const out = new Float64Array(N * width);
  for (let j = 0; j < N; j++) {
    for (let e = offsets[j]; e < offsets[j + 1]; e++) {
      const base = j * width + chunks[e] * parts;
      for (let p = 0; p < parts; p++) out[base + p] = coefficients[e * parts + p];
    }
  }
  return out;
}

/** Load δ_j: number of chunks worker j holds (CSR row sizes), length N. */
export function workerLoads(code: GradientCode): Int32Array {
  const out = new Int32Array(code.N);
  for (let j = 0; j < code.N; j++) out[j] = code.offsets[j + 1] - code.offsets[j];
  return out;
}

/** Replication γ_i: number of workers holding chunk i (column counts), length m. */
export function chunkReplication(code: GradientCode): Int32Array {
  const out = new Int32Array(code.m);
  for (let e = 0; e < code.chunks.length; e++) out[code.chunks[e]]++;
  return out;
}

/** True when every worker holds the same number of chunks and every chunk has the same number of holders. */
export function isRegular(code: GradientCode): boolean {
  return allEqual(workerLoads(code)) && allEqual(chunkReplication(code));
}

/**
 * δ when the code is in the "regular class" of the chunk-ordering theory (DESIGN §3; partial-stragglers.md §3.2):
 * N = m, every worker holds δ chunks and every chunk has δ holders; otherwise undefined.
 */
export function regularClassDegree(code: GradientCode): number | undefined {
  if (code.N !== code.m || !isRegular(code)) return undefined;
  const d = code.offsets[1] - code.offsets[0];
  return d > 0 ? d : undefined;
}

/** Number of stored (worker, chunk) entries. */
export function supportSize(code: GradientCode): number {
  return code.offsets[code.N];
}

function allEqual(values: Int32Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}
