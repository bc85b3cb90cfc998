import { chunkReplication, isRegular, regularClassDegree, supportSize, workerLoads } from '../codes/structure.js';
import type { GradientCode } from '../codes/types.js';
import type { InspectReport, RangeSummary } from './types.js';

/** The structural part of an inspection: sizes, loads, replication, regularity and the recovery rule. */
export type StructureSummary = Pick<
  InspectReport,
  | 'N'
  | 'm'
  | 'codeParts'
  | 'supportSize'
  | 'load'
  | 'replication'
  | 'regular'
  | 'regularDegree'
  | 'stragglerTolerance'
  | 'recovery'
>;

/** Min / mean / max of integer counts (all zero for an empty list). */
export function rangeOf(values: ArrayLike<number>): RangeSummary {
  if (values.length === 0) return { min: 0, mean: 0, max: 0 };
  let min = values[0];
  let max = values[0];
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, mean: sum / values.length, max };
}

/**
 * Loads δ_j (chunks per worker) and replication γ_i (holders per chunk) as min / mean / max — per-worker lists would
 * make the report as large as the code (a Margulis code has 4n² workers) — plus regularity, the regular-class
 * degree of the ordering theory, the construction's straggler tolerance and its exact-recovery rule.
 */
export function structureSummary(code: GradientCode): StructureSummary {
  const r = code.recovery;
  return {
    N: code.N,
    m: code.m,
    codeParts: code.parts,
    supportSize: supportSize(code),
    load: rangeOf(workerLoads(code)),
    replication: rangeOf(chunkReplication(code)),
    regular: isRegular(code),
    regularDegree: regularClassDegree(code) ?? null,
    stragglerTolerance: code.meta.stragglerTolerance ?? null,
    recovery:
      r.kind === 'any-k'
        ? { kind: 'any-k', k: r.k }
        : r.kind === 'groups'
          ? { kind: 'groups', groups: r.groups }
          : { kind: 'least-squares' },
  };
}
