/**
 * Dispatch grids. WebGPU guarantees at least 65535 workgroups per dimension, so larger grids use a second dimension
 * (x fastest); `workgroup_linear_index` in shaders/lib/dispatch.wgsl undoes the layout. A grid may hold up to
 * x − 1 trailing workgroups past the work, which kernels must bound-check.
 */

/** Workgroups per dimension every WebGPU adapter supports. */
export const GUARANTEED_WORKGROUPS_PER_DIMENSION = 65535;

/** Default workgroup size of gradcode kernels (the `WORKGROUP_SIZE` override constant). */
export const DEFAULT_WORKGROUP_SIZE = 64;

/** The (x, y, 1) grid covering `workgroups` workgroups. */
export function dispatchGrid(
  workgroups: number,
  maxPerDimension = GUARANTEED_WORKGROUPS_PER_DIMENSION,
): [number, number, number] {
  if (!Number.isInteger(workgroups) || workgroups < 0) throw new RangeError(`workgroups ${workgroups} is not a count`);
  if (workgroups === 0) return [0, 1, 1];
  const x = Math.min(workgroups, maxPerDimension);
  const y = Math.ceil(workgroups / x);
  if (y > maxPerDimension) throw new RangeError(`${workgroups} workgroups exceed a ${maxPerDimension}² grid`);
  return [x, y, 1];
}

/** Workgroups needed for `invocations` invocations of `workgroupSize`. */
export function workgroupsFor(invocations: number, workgroupSize = DEFAULT_WORKGROUP_SIZE): number {
  return Math.ceil(invocations / workgroupSize);
}
