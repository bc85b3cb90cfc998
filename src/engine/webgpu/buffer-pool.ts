/**
 * GPU buffers pooled by (size class, usage), with byte accounting (after tfjs-backend-webgpu's buffer_manager).
 * A batch acquires every buffer it needs (staging for read-back too) and releases them once its read-back completes,
 * so a steady stream of similar batches allocates nothing after the first.
 */

/** Byte accounting of a pool (`memory()` of the WebGPU backend). */
export interface PoolStats {
  /** Bytes of all live pooled buffers (in use + free). */
  readonly allocatedBytes: number;
  /** Bytes of buffers currently acquired by a batch. */
  readonly inUseBytes: number;
  /** Bytes of buffers waiting in the free lists. */
  readonly freeBytes: number;
  /** Live buffers. */
  readonly buffers: number;
  /** Buffers currently acquired. */
  readonly buffersInUse: number;
}

/** Smallest pooled size. */
export const MIN_SIZE_CLASS = 256;

/**
 * The size class of a request: the smallest m·2^(e−2) ≥ bytes with m ∈ {4,…,8}, i.e. four classes per octave, so at
 * most 25 % of a buffer is slack. Requests up to 256 bytes share one class.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_SIZE_CLASS) return MIN_SIZE_CLASS;
  const base = 2 ** (Math.floor(Math.log2(bytes)) - 2);
  return Math.ceil(bytes / base) * base;
}

/** Options of a {@link BufferPool}. */
export interface BufferPoolOptions {
  /** The device's maxBufferSize: size classes are capped at it. */
  readonly maxBufferSize: number;
  /** Free bytes kept for reuse; beyond this, released buffers are destroyed (largest first). Default 512 MiB. */
  readonly maxFreeBytes?: number;
}

/** A pool of GPU buffers on one device. */
export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly inUse = new Set<GPUBuffer>();
  private readonly usageOf = new WeakMap<GPUBuffer, number>();
  private allocated = 0;
  private used = 0;
  private freeTotal = 0;
  private count = 0;
  private readonly maxFreeBytes: number;

  constructor(
    private readonly device: GPUDevice,
    private readonly options: BufferPoolOptions,
  ) {
    this.maxFreeBytes = options.maxFreeBytes ?? 512 * 1024 * 1024;
  }

  /** A buffer of at least `bytes` with exactly `usage` flags: a free one of the same class, else a new one. */
  acquire(bytes: number, usage: number): GPUBuffer {
    const cap = Math.floor(this.options.maxBufferSize / 4) * 4;
    const size = Math.min(sizeClass(bytes), Math.max(bytes, cap));
    const key = `${size}:${usage}`;
    const list = this.free.get(key);
    let buffer = list?.pop();
    if (buffer) this.freeTotal -= buffer.size;
    else {
      buffer = this.device.createBuffer({ size, usage, label: `gradcode pool ${size}B usage ${usage}` });
      this.usageOf.set(buffer, usage);
      this.allocated += size;
      this.count++;
    }
    this.inUse.add(buffer);
    this.used += buffer.size;
    return buffer;
  }

  /** Returns a buffer to its free list (or destroys it when the free lists are over budget). */
  release(buffer: GPUBuffer): void {
    if (!this.inUse.delete(buffer)) throw new Error('BufferPool.release: buffer not acquired from this pool');
    this.used -= buffer.size;
    const key = `${buffer.size}:${this.usageOf.get(buffer)}`;
    const list = this.free.get(key) ?? [];
    list.push(buffer);
    this.free.set(key, list);
    this.freeTotal += buffer.size;
    if (this.freeTotal > this.maxFreeBytes) this.trim(this.maxFreeBytes);
  }

  /** Destroys free buffers, largest first, until at most `keepFreeBytes` remain free. */
  trim(keepFreeBytes = 0): void {
    const entries = [...this.free.entries()].sort((a, b) => Number(b[0].split(':')[0]) - Number(a[0].split(':')[0]));
    for (const [key, list] of entries) {
      while (list.length > 0 && this.freeTotal > keepFreeBytes) {
        const buffer = list.pop()!;
        this.freeTotal -= buffer.size;
        this.allocated -= buffer.size;
        this.count--;
        buffer.destroy();
      }
      if (list.length === 0) this.free.delete(key);
    }
  }

  /** Current byte accounting. */
  stats(): PoolStats {
    return {
      allocatedBytes: this.allocated,
      inUseBytes: this.used,
      freeBytes: this.freeTotal,
      buffers: this.count,
      buffersInUse: this.inUse.size,
    };
  }

  /** Destroys every buffer (in use or free); the pool is empty afterwards. */
  destroy(): void {
    for (const buffer of this.inUse) buffer.destroy();
    for (const list of this.free.values()) for (const buffer of list) buffer.destroy();
    this.inUse.clear();
    this.free.clear();
    this.allocated = this.used = this.freeTotal = this.count = 0;
  }
}
