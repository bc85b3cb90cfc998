/**
 * Error scopes around a batch, after the gpuweb CTS device pool (`src/webgpu/util/device_pool.ts`): push
 * `out-of-memory` then `validation` before the batch's first GPU call, pop both after its submission, each pop under
 * a timeout because `popErrorScope` can hang after a GPU process or driver failure.
 */

/** Default time to wait for one `popErrorScope`. */
export const POP_TIMEOUT_MS = 10_000;
/** Default time to wait for one `popErrorScope` of a batch whose pipeline may be compiled in it (GpuContextOptions). */
export const COMPILE_POP_TIMEOUT_MS = 180_000;

/** What the two scopes of a batch caught. */
export interface BatchScopeResult {
  readonly validation: GPUError | null;
  readonly outOfMemory: GPUError | null;
  /** A pop did not resolve in time: treat the device as lost. */
  readonly timedOut: boolean;
}

/** Opens the batch scopes (out-of-memory outside, validation inside). */
export function pushBatchScopes(device: GPUDevice): void {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
}

/** Closes the batch scopes opened by {@link pushBatchScopes}, in reverse order, each within `timeoutMs`. */
export async function popBatchScopes(device: GPUDevice, timeoutMs = POP_TIMEOUT_MS): Promise<BatchScopeResult> {
  const validation = await popWithin(device, timeoutMs);
  const outOfMemory = await popWithin(device, timeoutMs);
  const timedOut = validation === TIMEOUT || outOfMemory === TIMEOUT;
  return {
    validation: validation === TIMEOUT ? null : validation,
    outOfMemory: outOfMemory === TIMEOUT ? null : outOfMemory,
    timedOut,
  };
}

const TIMEOUT = Symbol('timeout');

async function popWithin(device: GPUDevice, timeoutMs: number): Promise<GPUError | null | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), timeoutMs);
  });
  try {
    // A pop on a lost device can reject (no scope left, device gone); that is not an error of the batch itself.
    return await Promise.race([device.popErrorScope().catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
