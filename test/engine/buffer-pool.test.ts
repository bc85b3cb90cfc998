import { describe, expect, it } from 'vitest';
import { BufferPool, MIN_SIZE_CLASS, sizeClass } from '../../src/engine/webgpu/buffer-pool.js';

/** A stand-in device: createBuffer returns objects that record destroy(). */
function fakeDevice() {
  const created: { size: number; usage: number; destroyed: boolean }[] = [];
  const device = {
    createBuffer({ size, usage }: { size: number; usage: number }) {
      const buffer = {
        size,
        usage,
        destroyed: false,
        destroy() {
          this.destroyed = true;
        },
      };
      created.push(buffer);
      return buffer;
    },
  };
  return { device: device as unknown as GPUDevice, created };
}

describe('size classes', () => {
  it('are four per octave, never smaller than the request, with at most 25 % slack', () => {
    expect(sizeClass(1)).toBe(MIN_SIZE_CLASS);
    expect(sizeClass(256)).toBe(256);
    expect([257, 320, 321, 448, 449, 512, 513].map(sizeClass)).toEqual([320, 320, 384, 448, 512, 512, 640]);
    for (let bytes = 4; bytes < 1e8; bytes = Math.ceil(bytes * 1.37)) {
      const c = sizeClass(bytes);
      expect(c).toBeGreaterThanOrEqual(bytes);
      if (bytes > MIN_SIZE_CLASS) expect(c / bytes).toBeLessThanOrEqual(1.25);
    }
  });
});

describe('BufferPool', () => {
  it('reuses a released buffer of the same class and usage, and accounts bytes', () => {
    const { device, created } = fakeDevice();
    const pool = new BufferPool(device, { maxBufferSize: 2 ** 32 - 1 });
    const a = pool.acquire(1000, 0x80);
    expect(pool.stats()).toEqual({ allocatedBytes: 1024, inUseBytes: 1024, freeBytes: 0, buffers: 1, buffersInUse: 1 });
    pool.release(a);
    expect(pool.stats()).toMatchObject({ allocatedBytes: 1024, inUseBytes: 0, freeBytes: 1024 });
    expect(pool.acquire(900, 0x80)).toBe(a); // same class (1024)
    const b = pool.acquire(1000, 0x40); // other usage: a new buffer
    expect(b).not.toBe(a);
    expect(created).toHaveLength(2);
    expect(pool.stats()).toMatchObject({ allocatedBytes: 2048, inUseBytes: 2048, buffers: 2 });
    expect(() => pool.release({} as GPUBuffer)).toThrow(/not acquired/);
  });

  it('destroys free buffers beyond the free-byte budget, largest first', () => {
    const { device, created } = fakeDevice();
    const pool = new BufferPool(device, { maxBufferSize: 2 ** 32 - 1, maxFreeBytes: 5000 });
    const small = pool.acquire(1000, 0x80);
    const large = pool.acquire(4096, 0x80);
    pool.release(small);
    pool.release(large); // free = 1024 + 4096 > 5000: the 4096 buffer goes
    expect(created.map((c) => c.destroyed)).toEqual([false, true]);
    expect(pool.stats()).toMatchObject({ allocatedBytes: 1024, freeBytes: 1024, buffers: 1 });
    pool.destroy();
    expect(created.every((c) => c.destroyed)).toBe(true);
    expect(pool.stats().allocatedBytes).toBe(0);
  });

  it('caps size classes at maxBufferSize (rounded down to 4 bytes)', () => {
    const { device } = fakeDevice();
    const pool = new BufferPool(device, { maxBufferSize: 1001 });
    expect(pool.acquire(999, 0x80).size).toBe(1000);
  });
});
