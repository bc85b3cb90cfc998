import type { Workload, WorkloadId } from './types.js';
import { w1 } from './w1.js';
import { w2 } from './w2.js';
import { w3 } from './w3.js';

export type { GradcodeBackend, PeerKind, SizeMode, Workload, WorkloadId } from './types.js';

/** The workloads the harness can run, in table order. */
export const WORKLOADS: readonly Workload[] = [w1 as Workload, w2 as Workload, w3 as Workload];

/** Issue 8 workloads that are not runnable yet, with the reason (shown when asked for). */
export const UNAVAILABLE: Readonly<Partial<Record<WorkloadId, string>>> = {};

/** The workload with this id, or undefined. */
export function workloadById(id: string): Workload | undefined {
  return WORKLOADS.find((w) => w.id === id.toUpperCase());
}
