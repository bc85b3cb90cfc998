/**
 * Typed failures of the WebGPU runtime. The backend reacts to them differently: a lost device is replaced (then the
 * CPU twin takes over), out-of-memory splits the batch, validation errors are bugs and propagate.
 */

/** One-line fix printed when no WebGPU adapter is found. */
export const NO_ADAPTER_FIX =
  'install a Vulkan driver for your GPU (NVIDIA: its Vulkan ICD libGLX_nvidia.so.0 also needs libglvnd, which ' +
  'minimal containers lack: `apt-get install libvulkan1 libglvnd0 libglx0 libgl1 libegl1 libgles2 libopengl0`); ' +
  'on Debian/Ubuntu without a GPU install ' +
  'the lavapipe software driver from bookworm-backports: ' +
  '`apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1` (see .ci/install-lavapipe.sh)';

/** No usable adapter, or Dawn itself could not be loaded. */
export class GpuUnavailableError extends Error {
  override readonly name = 'GpuUnavailableError';
  constructor(
    reason: string,
    /** What the user can do about it. */
    readonly fix: string = NO_ADAPTER_FIX,
  ) {
    super(`${reason}; fix: ${fix}`);
  }
}

/** The device was lost (driver reset, external destroy, hang) while a batch ran or before it started. */
export class DeviceLostError extends Error {
  override readonly name = 'DeviceLostError';
  constructor(
    readonly batch: string,
    /** `GPUDeviceLostInfo.reason` (`unknown`, `destroyed`) or `timeout` when an error scope never resolved. */
    readonly reason: string,
    detail: string,
  ) {
    super(`GPU device lost during batch "${batch}" (${reason}): ${detail}`);
  }
}

/** A validation error inside a batch: a bug in a kernel or its batch description, never retried. */
export class GpuValidationError extends Error {
  override readonly name = 'GpuValidationError';
  constructor(
    readonly batch: string,
    detail: string,
  ) {
    super(`WebGPU validation error in batch "${batch}": ${detail}`);
  }
}

/** The device ran out of memory for a batch; the backend retries with the work range split in halves. */
export class GpuOutOfMemoryError extends Error {
  override readonly name = 'GpuOutOfMemoryError';
  constructor(
    readonly batch: string,
    detail: string,
  ) {
    super(`GPU out of memory in batch "${batch}": ${detail}`);
  }
}

/** A batch needs more than the adapter allows (a kernel sized its batch wrongly). */
export class GpuLimitError extends Error {
  override readonly name = 'GpuLimitError';
  constructor(
    readonly limit: string,
    readonly needed: number,
    readonly available: number,
  ) {
    super(`batch needs ${limit} = ${needed}, but the adapter allows at most ${available}`);
  }
}
