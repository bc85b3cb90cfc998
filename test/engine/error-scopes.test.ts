import { describe, expect, it } from 'vitest';
import { popBatchScopes, pushBatchScopes } from '../../src/engine/webgpu/error-scopes.js';

/** A stand-in device recording its error-scope stack; `pop` decides what each pop returns. */
function fakeDevice(pop: (filter: string) => Promise<GPUError | null>) {
  const stack: string[] = [];
  const device = {
    pushErrorScope: (filter: string) => stack.push(filter),
    popErrorScope: () => pop(stack.pop()!),
  };
  return { device: device as unknown as GPUDevice, stack };
}

describe('batch error scopes', () => {
  it('push out-of-memory outside validation and pop them in reverse, reporting each', async () => {
    const popped: string[] = [];
    const { device, stack } = fakeDevice(async (filter) => {
      popped.push(filter);
      return filter === 'validation' ? ({ message: 'bad' } as GPUError) : null;
    });
    pushBatchScopes(device);
    expect(stack).toEqual(['out-of-memory', 'validation']);
    const result = await popBatchScopes(device, 1000);
    expect(popped).toEqual(['validation', 'out-of-memory']);
    expect(result).toEqual({ validation: { message: 'bad' }, outOfMemory: null, timedOut: false });
  });

  it('give up on a pop that never resolves (a hung device) after the timeout', async () => {
    const { device } = fakeDevice(() => new Promise(() => {}));
    pushBatchScopes(device);
    const started = performance.now();
    const result = await popBatchScopes(device, 50);
    expect(result.timedOut).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('treat a rejected pop (device already gone) as no error', async () => {
    const { device } = fakeDevice(() => Promise.reject(new Error('lost')));
    pushBatchScopes(device);
    expect(await popBatchScopes(device, 1000)).toEqual({ validation: null, outOfMemory: null, timedOut: false });
  });
});
