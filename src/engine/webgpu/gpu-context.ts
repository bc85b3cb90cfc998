import type { BatchTarget } from '../kernel.js';
import { type AdapterReport, requestAdapter } from './adapters.js';
import { alignReadback, type BatchReadback, type BatchSpec, batchNeeds, bufferSize, validateBatch } from './batch.js';
import { BufferPool, type PoolStats } from './buffer-pool.js';
import { CompletionEstimate, sleep } from './completion-estimate.js';
import { onReleaseGpu, requestDawnAdapter } from './dawn.js';
import { COMPILE_POP_TIMEOUT_MS, POP_TIMEOUT_MS, popBatchScopes, pushBatchScopes } from './error-scopes.js';
import { DeviceLostError, GpuOutOfMemoryError, GpuUnavailableError, GpuValidationError } from './gpu-errors.js';
import { BufferUsage, MapMode } from './gpu-flags.js';
import { type KeyLimits, limitsSatisfy, requiredLimitsFor } from './limits.js';
import { PipelineCache } from './pipeline-cache.js';

/** Hooks for tests that need to break things at a precise moment. */
export interface GpuTestHooks {
  /**
   * Called right after a batch's command buffer is submitted and before its read-back is mapped — the middle of the
   * batch. `attempt` is 0 for the first run of the batch, 1 for its re-run on a fresh device.
   */
  afterSubmit?(device: GPUDevice, batch: BatchSpec, attempt: number): void;
}

/** Options of {@link GpuContext.create}. */
export interface GpuContextOptions {
  /** Adapter name (Dawn's name or a unique substring of it, its description or device); default: Dawn's choice. */
  readonly adapter?: string;
  readonly hooks?: GpuTestHooks;
  /** Time allowed for each `popErrorScope` (default 10 s). */
  readonly popTimeoutMs?: number;
  /**
   * Time allowed for each `popErrorScope` of a batch that uses a pipeline new on its device (default 180 s): the
   * driver may compile it then — llvmpipe compiles a compute shader at its first dispatch, 2–6 s per trial kernel on
   * an idle machine with a cold cache and several times that under load — and a compile is not a hung device.
   */
  readonly compilePopTimeoutMs?: number;
  /** Free bytes the buffer pool keeps for reuse (default 512 MiB). */
  readonly maxFreeBytes?: number;
  /** Called with the cache key of every pipeline this context creates (on any of its devices). */
  readonly onPipelineCompiled?: (key: string) => void;
}

/** Counters of a context's life. */
export interface GpuContextStats {
  readonly batches: number;
  readonly devicesCreated: number;
  /** Devices lost while in use (not destroyed by gradcode itself). */
  readonly deviceLosses: number;
}

interface DeviceState {
  readonly device: GPUDevice;
  readonly limits: KeyLimits;
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  /** Resolves when the device is lost; `lostInfo` is set only when gradcode was not the one destroying it. */
  readonly lost: Promise<GPUDeviceLostInfo>;
  lostInfo: GPUDeviceLostInfo | null;
  retiring: boolean;
}

/**
 * The WebGPU runtime for one adapter: owns a device (created on first use with the limits the batches need, grown
 * when a batch needs more, replaced after a loss), its pipeline cache and buffer pool, and runs batches one at a time.
 *
 * Each batch: all buffers from the pool (uploads or clears), one command buffer with every pass, every read-back
 * buffer copied into one pooled staging buffer, one submission inside `out-of-memory` + `validation` error scopes,
 * exactly one `mapAsync`. A device lost during a batch (or before it) makes the batch run again on a fresh device;
 * if that fails too, {@link runBatch} throws {@link DeviceLostError} and the backend falls back to the CPU twin.
 */
export class GpuContext {
  private state: DeviceState | null = null;
  private freshAdapter: GPUAdapter | null;
  private tail: Promise<unknown> = Promise.resolve();
  private counters = { batches: 0, devicesCreated: 0, deviceLosses: 0 };
  private readonly completion = new CompletionEstimate();
  private unregisterRelease: (() => void) | null = null;
  private readonly popTimeoutMs: number;
  private readonly compilePopTimeoutMs: number;

  private constructor(
    /** The adapter this context runs on. */
    readonly adapter: AdapterReport,
    firstAdapter: GPUAdapter,
    private readonly reopen: () => Promise<GPUAdapter | null>,
    private readonly options: GpuContextOptions,
  ) {
    this.freshAdapter = firstAdapter;
    this.popTimeoutMs = options.popTimeoutMs ?? POP_TIMEOUT_MS;
    this.compilePopTimeoutMs = options.compilePopTimeoutMs ?? Math.max(this.popTimeoutMs, COMPILE_POP_TIMEOUT_MS);
  }

  /** Opens the adapter (named, or Dawn's high-performance default). Throws {@link GpuUnavailableError} if none. */
  static async create(options: GpuContextOptions = {}): Promise<GpuContext> {
    const { adapter, report } = await requestAdapter(options.adapter);
    const reopen =
      options.adapter !== undefined
        ? () => requestDawnAdapter(report.createOptions)
        : () => requestDawnAdapter([], { powerPreference: 'high-performance' });
    return new GpuContext(report, adapter, reopen, options);
  }

  /** The adapter's maxima of the key limits: kernels size their batches against these. */
  get adapterLimits(): KeyLimits {
    return this.adapter.limits;
  }

  /** The adapter's limits and whether it is a software implementation, for kernels' batch sizes. */
  get batchTarget(): BatchTarget {
    return { limits: this.adapter.limits, software: this.adapter.software };
  }

  /** One line naming the adapter. */
  get description(): string {
    const a = this.adapter;
    const backend = a.backend === 'default' ? '' : `${a.backend}, `;
    return `webgpu: ${a.description || a.name} (${backend}${a.software ? 'software' : 'hardware'})`;
  }

  /** The current device, if one is open (tests). */
  get device(): GPUDevice | null {
    return this.state?.device ?? null;
  }

  /** Byte accounting of the current device's buffer pool. */
  memory(): PoolStats {
    return this.state?.pool.stats() ?? { allocatedBytes: 0, inUseBytes: 0, freeBytes: 0, buffers: 0, buffersInUse: 0 };
  }

  /** Number of cached pipelines on the current device. */
  get pipelineCount(): number {
    return this.state?.pipelines.size ?? 0;
  }

  /** Cache keys of the pipelines the current device has (compiled or compiling). */
  pipelineKeys(): string[] {
    return this.state?.pipelines.keys() ?? [];
  }

  /** Counters: batches, devices created, devices lost. */
  stats(): GpuContextStats {
    return { ...this.counters };
  }

  /**
   * Runs a batch and returns copies of its read-back buffers. Batches run one at a time (error scopes are a
   * per-device stack). A device loss re-runs the batch once on a fresh device; a second loss throws
   * {@link DeviceLostError}.
   */
  async runBatch(batch: BatchSpec): Promise<BatchReadback> {
    validateBatch(batch);
    return this.serialize(async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await this.execute(batch, attempt);
          this.counters.batches++;
          return result;
        } catch (error) {
          if (error instanceof DeviceLostError && attempt === 0) continue;
          throw error;
        }
      }
    });
  }

  /** Destroys the device after its queue drains; a later batch opens a new one. */
  release(): Promise<void> {
    return this.serialize(async () => {
      const state = this.state;
      this.state = null;
      this.unregisterRelease?.();
      this.unregisterRelease = null;
      if (state) await retire(state);
    });
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async ensureDevice(needs: Partial<KeyLimits>, label: string): Promise<DeviceState> {
    const current = this.state;
    if (current && !current.lostInfo && limitsSatisfy(current.limits, needs)) return current;
    const limits = requiredLimitsFor(needs, this.adapter.limits, current && !current.lostInfo ? current.limits : {});
    if (current) {
      this.state = null;
      await retire(current);
    }
    let adapter = this.freshAdapter;
    this.freshAdapter = null;
    let device: GPUDevice;
    try {
      adapter ??= await this.reopen();
      if (!adapter) throw new Error('the adapter is no longer available');
      device = await adapter.requestDevice({ label: 'gradcode', requiredLimits: limits });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new GpuUnavailableError(`cannot create a WebGPU device for batch "${label}": ${message}`);
    }
    this.counters.devicesCreated++;
    const state: DeviceState = {
      device,
      limits,
      pool: new BufferPool(device, { maxBufferSize: limits.maxBufferSize, maxFreeBytes: this.options.maxFreeBytes }),
      pipelines: new PipelineCache(device, undefined, this.options.onPipelineCompiled),
      lost: device.lost.then((info) => {
        if (!state.retiring) {
          state.lostInfo = info;
          this.counters.deviceLosses++;
        }
        return info;
      }),
      lostInfo: null,
      retiring: false,
    };
    device.onuncapturederror = (event) => {
      process.stderr.write(`gradcode: uncaptured WebGPU error: ${event.error.message}\n`);
    };
    this.state = state;
    this.unregisterRelease ??= onReleaseGpu(() => this.release());
    return state;
  }

  private async execute(batch: BatchSpec, attempt: number): Promise<BatchReadback> {
    const state = await this.ensureDevice(batchNeeds(batch), batch.label);
    const { device, pool } = state;
    const acquired: GPUBuffer[] = [];
    let scopesOpen = true;
    let outOfMemory = false;
    // A pipeline new on this device may be compiled during the batch: its scopes get the compile's time limit.
    const popTimeoutMs = batch.passes.every((pass) => state.pipelines.has(pass))
      ? this.popTimeoutMs
      : this.compilePopTimeoutMs;
    pushBatchScopes(device);
    try {
      const pipelines = await Promise.all(batch.passes.map((pass) => state.pipelines.pipeline(pass)));
      const encoder = device.createCommandEncoder({ label: batch.label });
      const buffers = new Map<string, { buffer: GPUBuffer; size: number }>();
      for (const [name, spec] of Object.entries(batch.buffers)) {
        const size = bufferSize(spec);
        const usage =
          spec.usage === 'uniform'
            ? BufferUsage.UNIFORM | BufferUsage.COPY_DST
            : BufferUsage.STORAGE | BufferUsage.COPY_DST | BufferUsage.COPY_SRC;
        const buffer = pool.acquire(size, usage);
        acquired.push(buffer);
        buffers.set(name, { buffer, size });
        const written = spec.data ? spec.data.byteLength : 0;
        if (spec.data) {
          const bytes = spec.data instanceof ArrayBuffer ? new Uint8Array(spec.data) : spec.data;
          device.queue.writeBuffer(buffer, 0, bytes as GPUAllowSharedBufferSource);
        }
        if (written < size && !spec.uninitialized) encoder.clearBuffer(buffer, written, size - written);
      }
      batch.passes.forEach((pass, i) => {
        const pipeline = pipelines[i];
        const compute = encoder.beginComputePass({ label: `${batch.label} · ${pass.shader}` });
        compute.setPipeline(pipeline);
        compute.setBindGroup(
          0,
          device.createBindGroup({
            layout: pipeline.getBindGroupLayout(0),
            entries: pass.bindings.map((name, binding) => {
              const { buffer, size } = buffers.get(name)!;
              return { binding, resource: { buffer, offset: 0, size } };
            }),
          }),
        );
        compute.dispatchWorkgroups(pass.dispatch[0], pass.dispatch[1], pass.dispatch[2]);
        compute.end();
      });
      const readbacks = Object.entries(batch.buffers).filter(([, spec]) => spec.readback);
      let staging: GPUBuffer | null = null;
      const offsets: [string, number, number][] = [];
      if (readbacks.length > 0) {
        let total = 0;
        for (const [name] of readbacks) {
          const { size } = buffers.get(name)!;
          offsets.push([name, total, size]);
          total += alignReadback(size);
        }
        staging = pool.acquire(total, BufferUsage.MAP_READ | BufferUsage.COPY_DST);
        acquired.push(staging);
        for (const [name, offset, size] of offsets)
          encoder.copyBufferToBuffer(buffers.get(name)!.buffer, 0, staging, offset, size);
      }
      device.queue.submit([encoder.finish()]);
      const submitted = performance.now();
      this.options.hooks?.afterSubmit?.(device, batch, attempt);
      // Sleep through most of the expected run so Dawn's polling does not compete with the device (see
      // CompletionEstimate); the waits below then poll only briefly.
      const nap = this.completion.sleepMs(batch.passes);
      if (nap > 0) await sleep(nap);
      const scopes = await popBatchScopes(device, popTimeoutMs);
      scopesOpen = false;
      if (scopes.timedOut) {
        // A device that stops answering is treated as lost: it is retired and the batch re-runs on a fresh one.
        state.lostInfo = { reason: 'unknown', message: 'popErrorScope timed out' } as GPUDeviceLostInfo;
        this.counters.deviceLosses++;
        throw new DeviceLostError(batch.label, 'timeout', `an error scope did not resolve within ${popTimeoutMs} ms`);
      }
      if (state.lostInfo) throw lostError(batch.label, state.lostInfo);
      if (scopes.outOfMemory) {
        outOfMemory = true;
        throw new GpuOutOfMemoryError(batch.label, scopes.outOfMemory.message);
      }
      if (scopes.validation) throw new GpuValidationError(batch.label, scopes.validation.message);
      const out: Record<string, ArrayBuffer> = {};
      if (staging) {
        // The one mapAsync of the batch; a rejection is caught here so that losing the race leaves no unhandled promise.
        const mapping = staging.mapAsync(MapMode.READ).then(
          () => 'mapped' as const,
          (error: unknown) => error,
        );
        const outcome = await Promise.race([mapping, state.lost.then(() => 'lost' as const)]);
        if (outcome === 'lost' || state.lostInfo) throw lostError(batch.label, state.lostInfo ?? (await state.lost));
        if (outcome !== 'mapped') throw outcome;
        this.completion.record(batch.passes, performance.now() - submitted);
        const range = staging.getMappedRange();
        for (const [name, offset, size] of offsets) out[name] = range.slice(offset, offset + size);
        staging.unmap();
      }
      return out;
    } catch (error) {
      if (scopesOpen) await popBatchScopes(device, popTimeoutMs);
      if (error instanceof DeviceLostError) throw error;
      const lost = state.lostInfo ?? (await settledWithin(state.lost, 100));
      if (lost && !state.retiring) throw lostError(batch.label, lost);
      throw error;
    } finally {
      if (!state.lostInfo && this.state === state) {
        for (const buffer of acquired) pool.release(buffer);
        // Buffers created under an out-of-memory error are invalid: drop every free buffer.
        if (outOfMemory) pool.trim(0);
      }
    }
  }
}

function lostError(label: string, info: GPUDeviceLostInfo): DeviceLostError {
  return new DeviceLostError(label, info.reason, info.message || 'no message');
}

/** Destroys a device on purpose (not counted as a loss), after its queue drains. */
async function retire(state: DeviceState): Promise<void> {
  state.retiring = true;
  if (!state.lostInfo) await settledWithin(state.device.queue.onSubmittedWorkDone(), POP_TIMEOUT_MS);
  state.pool.destroy();
  state.device.destroy();
}

/** The promise's value if it settles within `ms`, else null (rejections count as null). */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
