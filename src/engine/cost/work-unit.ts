import { createHash } from 'node:crypto';
import type { Backend, BackendKind } from '../backend.js';
import type { Kernel, WorkRange } from '../kernel.js';
import { pipelineKey } from '../webgpu/pipeline-cache.js';

/**
 * One kernel's share of a workload, as the cost model sees it: which family, how much nominal work, how many
 * `backend.run` calls on each kind of backend, and which GPU pipelines it needs. Built with {@link workUnit}, which
 * erases the kernel's parameter type (a workload mixes kernels).
 */
export interface WorkUnit {
  /** What the unit is (a cell, a training scheme), for messages. */
  readonly label: string;
  /** Cost-model family (`kernel.family(params)`, default the kernel's name). */
  readonly family: string;
  /** A short description of the params' shape, recorded with a measurement made on this unit. */
  readonly shape: string;
  /** Work items, and nominal nanoseconds per item (`kernel.cpu.nanosPerItem`). */
  readonly items: number;
  readonly nominalNs: number;
  /** `backend.run` calls the unit makes on each backend kind (e.g. a trial cell's pilot and steps). */
  readonly calls: Readonly<Record<BackendKind, number>>;
  /** Hashes of the GPU pipelines the unit's batches use ({@link pipelineHash}). */
  readonly pipelines: readonly string[];
  /** Runs `range` of the unit's items on a backend (a calibration probe). */
  probe(backend: Backend, range: WorkRange): Promise<unknown>;
}

/** A short stable hash of a pipeline's cache key (shader, entry point, override constants). */
export function pipelineHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The {@link WorkUnit} of `items` items of `kernel` with `params`, run in `calls` backend calls. */
export function workUnit<P, R>(
  kernel: Kernel<P, R>,
  params: P,
  options: {
    readonly label: string;
    readonly shape: string;
    readonly items?: number;
    readonly calls: Record<BackendKind, number>;
  },
): WorkUnit {
  const items = options.items ?? kernel.items(params);
  const one = { start: 0, end: Math.min(1, kernel.items(params)) };
  const pipelines =
    one.end > 0 ? kernel.gpu.encode(params, one).passes.map((pass) => pipelineHash(pipelineKey(pass))) : [];
  return {
    label: options.label,
    family: kernel.family?.(params) ?? kernel.name,
    shape: options.shape,
    items,
    nominalNs: kernel.cpu.nanosPerItem(params),
    calls: options.calls,
    pipelines,
    probe: (backend, range) => backend.run(kernel, params, { range }),
  };
}
