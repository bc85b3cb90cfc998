import { InputError } from '../../errors.js';
import { noAdapterReason, requestDawnAdapter } from './dawn.js';
import { GpuUnavailableError } from './gpu-errors.js';
import { adapterKeyLimits, type KeyLimits } from './limits.js';

/**
 * Adapter discovery. WebGPU's `requestAdapter()` returns one adapter; Dawn for Node can list all of them only in the
 * error it raises for an adapter name that does not exist ("Available adapters: * backend: 'vulkan', name: '…'").
 * gradcode asks for that list once, then opens each adapter with `create(['backend=B', 'adapter=NAME'])` to read its
 * info and limits.
 */

/** What gradcode knows about one adapter. */
export interface AdapterReport {
  /** Dawn's adapter name, used by `--adapter` (e.g. `llvmpipe (LLVM 15.0.6, 256 bits)`). */
  readonly name: string;
  /** Dawn backend: vulkan, metal, d3d12, … */
  readonly backend: string;
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** WebGPU's flag for adapters with reduced performance (lavapipe, SwiftShader, WARP). */
  readonly isFallbackAdapter: boolean;
  /** A CPU implementation (fallback flag, `software` architecture or a known software rasteriser name). */
  readonly software: boolean;
  readonly limits: KeyLimits;
  readonly features: readonly string[];
  /** The Dawn `create()` options that open exactly this adapter. */
  readonly createOptions: readonly string[];
}

/** Names of software implementations whose adapters are not always flagged as fallback. */
const SOFTWARE_NAMES = /llvmpipe|lavapipe|swiftshader|\bwarp\b|microsoft basic render/i;

/** Parses Dawn's "Available adapters" list: one `* backend: 'B', name: 'N'` line per adapter. */
export function parseDawnAdapterList(message: string): { backend: string; name: string }[] {
  const out: { backend: string; name: string }[] = [];
  for (const line of message.split('\n')) {
    const m = /^\s*\*\s*backend:\s*'([^']*)',\s*name:\s*'(.*)'\s*$/.exec(line);
    if (m) out.push({ backend: m[1], name: m[2] });
  }
  return out;
}

/** Summarises a `GPUAdapter` (info, key limits, features). */
export function describeAdapter(
  adapter: GPUAdapter,
  name: string,
  backend: string,
  createOptions: readonly string[],
): AdapterReport {
  const info = adapter.info;
  const isFallbackAdapter = Boolean(
    (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ??
      (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter,
  );
  const text = `${name} ${info.description} ${info.device}`;
  return {
    name: name || info.description || info.device || 'default adapter',
    backend,
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter,
    software: isFallbackAdapter || info.architecture === 'software' || SOFTWARE_NAMES.test(text),
    limits: adapterKeyLimits(adapter.limits),
    features: [...adapter.features].sort(),
    createOptions,
  };
}

const LIST_PROBE = 'adapter=gradcode-list-adapters';
let listing: Promise<AdapterReport[]> | undefined;

/**
 * Every adapter Dawn can open on this machine, hardware first (cached for the process). Empty when there is no
 * driver; rejects only when Dawn itself cannot load ({@link GpuUnavailableError}).
 */
export function listAdapters(): Promise<AdapterReport[]> {
  listing ??= enumerate().catch((error: unknown) => {
    listing = undefined;
    throw error;
  });
  return listing;
}

async function enumerate(): Promise<AdapterReport[]> {
  let names: { backend: string; name: string }[] = [];
  try {
    await requestDawnAdapter([LIST_PROBE]);
  } catch (error) {
    names = parseDawnAdapterList(error instanceof Error ? error.message : String(error));
  }
  const reports: AdapterReport[] = [];
  for (const { backend, name } of names) {
    const options = [`backend=${backend}`, `adapter=${name}`];
    const adapter = await requestDawnAdapter(options).catch(() => null);
    if (adapter) reports.push(describeAdapter(adapter, name, backend, options));
  }
  if (reports.length === 0 && names.length === 0) {
    // Dawn did not produce a list (message format changed?): fall back to the default adapter alone.
    const adapter = await requestDawnAdapter([]).catch(() => null);
    if (adapter) reports.push(describeAdapter(adapter, '', 'default', []));
  }
  return reports.sort((a, b) => Number(a.software) - Number(b.software));
}

/**
 * The adapter named `name`: an exact (case-insensitive) match of Dawn's name first, else the one adapter whose name,
 * description or device contains `name`. Unknown or ambiguous names are bad input listing the valid names.
 */
export function findAdapter(adapters: readonly AdapterReport[], name: string, field = '--adapter'): AdapterReport {
  const wanted = name.trim().toLowerCase();
  const valid = adapters.length > 0 ? adapters.map((a) => `"${a.name}"`).join(', ') : 'none (no WebGPU adapter found)';
  if (!wanted) throw new InputError(field, `adapter name is empty; valid adapters: ${valid}`);
  const exact = adapters.filter((a) => a.name.toLowerCase() === wanted);
  if (exact.length === 1) return exact[0];
  const partial = adapters.filter((a) =>
    [a.name, a.description, a.device].some((text) => text.toLowerCase().includes(wanted)),
  );
  if (partial.length === 1) return partial[0];
  if (partial.length > 1) throw new InputError(field, `adapter "${name}" is ambiguous; valid adapters: ${valid}`);
  throw new InputError(field, `no adapter named "${name}"; valid adapters: ${valid}`);
}

/**
 * Requests an adapter: the named one, or Dawn's default choice (high-performance preference: hardware before
 * software, discrete before integrated). Throws {@link GpuUnavailableError} when none exists.
 */
export async function requestAdapter(name?: string): Promise<{ adapter: GPUAdapter; report: AdapterReport }> {
  if (name !== undefined) {
    const report = findAdapter(await listAdapters(), name);
    const adapter = await requestDawnAdapter(report.createOptions);
    if (!adapter) throw new GpuUnavailableError(`adapter "${report.name}" could not be opened`);
    return { adapter, report };
  }
  const adapter = await requestDawnAdapter([], { powerPreference: 'high-performance' });
  if (!adapter) {
    const reason = noAdapterReason();
    throw new GpuUnavailableError(`no WebGPU adapter found${reason ? ` (${reason})` : ''}`);
  }
  // Not listing every adapter here keeps a plain run to one Dawn instance (one adapter discovery).
  return { adapter, report: describeAdapter(adapter, '', 'default', []) };
}
