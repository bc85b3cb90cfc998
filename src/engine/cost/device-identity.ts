import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import { packageVersion } from '../../package-root.js';
import type { BackendKind } from '../backend.js';
import { webgpuPackageVersion } from '../webgpu/dawn.js';

/**
 * What a calibration was measured on. Two identities with the same {@link identityKey} measure the same thing: the
 * same gradcode, Node and Dawn (`webgpu` package) versions, the same CPU, and — for WebGPU — the same adapter and
 * driver (Dawn's adapter description carries the driver version, e.g. `Mesa 25.0.7`). Any change makes a new key, so
 * a stale calibration is never used.
 */
export interface DeviceIdentity {
  readonly kind: BackendKind;
  readonly gradcode: string;
  readonly node: string;
  readonly webgpu: string;
  readonly platform: string;
  readonly cpu: string;
  /** CPU backend: its worker threads; WebGPU: 0. */
  readonly threads: number;
  /**
   * WebGPU: the adapter as Dawn describes it (vendor, architecture, device, and the description, which carries the
   * driver version); not its name, which differs between Dawn's default adapter and the listed one.
   */
  readonly adapter: {
    readonly vendor: string;
    readonly architecture: string;
    readonly device: string;
    readonly description: string;
    readonly software: boolean;
  } | null;
}

/** The adapter fields of an identity (a subset of `AdapterReport`). */
export type AdapterIdentity = NonNullable<DeviceIdentity['adapter']>;

function common(): Omit<DeviceIdentity, 'kind' | 'threads' | 'adapter'> {
  return {
    gradcode: packageVersion(),
    node: process.version,
    webgpu: webgpuPackageVersion(),
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model?.trim() || 'unknown CPU',
  };
}

/** The identity of the CPU backend with `threads` worker threads on this machine. */
export function cpuIdentity(threads: number): DeviceIdentity {
  return { kind: 'cpu', ...common(), threads, adapter: null };
}

/** The identity of a WebGPU adapter on this machine. */
export function adapterIdentity(adapter: AdapterIdentity): DeviceIdentity {
  const { vendor, architecture, device, description, software } = adapter;
  return { kind: 'webgpu', ...common(), threads: 0, adapter: { vendor, architecture, device, description, software } };
}

/** A short stable key of an identity (SHA-256 of its canonical JSON, 16 hex digits). */
export function identityKey(identity: DeviceIdentity): string {
  const { adapter, ...rest } = identity;
  const ordered = Object.entries({ ...rest, adapter: adapter && Object.entries(adapter).sort() }).sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex').slice(0, 16);
}

/**
 * Whether two identities describe the same hardware (CPU and threads, or adapter name and Dawn backend) and differ
 * only in versions or driver: the older calibration is then stale and replaced.
 */
export function sameHardware(a: DeviceIdentity, b: DeviceIdentity): boolean {
  return (
    a.kind === b.kind &&
    a.platform === b.platform &&
    a.cpu === b.cpu &&
    a.threads === b.threads &&
    (a.adapter?.vendor ?? null) === (b.adapter?.vendor ?? null) &&
    (a.adapter?.device ?? null) === (b.adapter?.device ?? null)
  );
}

/** One line naming the device of an identity: `cpu (2 threads, AMD EPYC)` or the adapter's description. */
export function describeIdentity(identity: DeviceIdentity): string {
  if (identity.adapter) return identity.adapter.description || identity.adapter.device || 'WebGPU adapter';
  return `cpu (${identity.threads} thread${identity.threads === 1 ? '' : 's'}, ${identity.cpu})`;
}
