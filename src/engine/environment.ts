import { cpus } from 'node:os';
import { type AutoBackendChoice, decideAutoBackend } from './backend-choice.js';
import { defaultCpuThreads } from './cpu/worker-pool.js';
import { type AdapterReport, listAdapters } from './webgpu/adapters.js';
import { webgpuPackageVersion } from './webgpu/dawn.js';
import { GpuUnavailableError, NO_ADAPTER_FIX } from './webgpu/gpu-errors.js';

/** What `gradcode doctor` reports about the machine. */
export interface EnvironmentReport {
  readonly node: string;
  /** Version of the `webgpu` npm package (Dawn for Node). */
  readonly webgpu: string;
  readonly platform: string;
  readonly cpu: { readonly model: string; readonly threads: number };
  readonly adapters: readonly AdapterReport[];
  /** Why Dawn could not be used at all (it failed to load), else null. */
  readonly dawnError: string | null;
  readonly auto: {
    readonly backend: AutoBackendChoice['kind'];
    readonly adapter: string | null;
    readonly reason: string;
  };
  /** A one-line fix when no adapter was found, else null. */
  readonly fix: string | null;
}

/** Collects versions, adapters and the `auto` decision. Never throws for a missing GPU. */
export async function collectEnvironment(): Promise<EnvironmentReport> {
  let adapters: AdapterReport[] = [];
  let dawnError: string | null = null;
  let fix: string | null = null;
  try {
    adapters = await listAdapters();
  } catch (error) {
    if (!(error instanceof GpuUnavailableError)) throw error;
    dawnError = error.message;
    fix = error.fix;
  }
  if (adapters.length === 0 && !fix) fix = NO_ADAPTER_FIX;
  const auto = decideAutoBackend(adapters);
  return {
    node: process.version,
    webgpu: webgpuPackageVersion(),
    platform: `${process.platform}-${process.arch}`,
    cpu: { model: cpus()[0]?.model?.trim() || 'unknown', threads: defaultCpuThreads() },
    adapters,
    dawnError,
    auto: { backend: auto.kind, adapter: auto.adapter?.name ?? null, reason: auto.reason },
    fix,
  };
}
