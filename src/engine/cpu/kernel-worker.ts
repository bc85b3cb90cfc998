import { kernelByName, type WorkRange } from '../kernel.js';

/** One CPU task: run kernel `kernel` (defined in `module`) over `range`. */
export interface KernelTask {
  readonly module: string;
  readonly kernel: string;
  readonly params: unknown;
  readonly range: WorkRange;
}

const imported = new Map<string, Promise<unknown>>();

/**
 * Worker-thread entry (piscina handler): imports the kernel's module once per worker, which registers the kernel,
 * and runs its CPU twin over the task's range.
 */
export default async function runKernelTask(task: KernelTask): Promise<unknown> {
  let loading = imported.get(task.module);
  if (!loading) {
    loading = import(task.module);
    imported.set(task.module, loading);
  }
  await loading;
  return kernelByName(task.kernel).cpu.run(task.params, task.range);
}
