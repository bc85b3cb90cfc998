import { releaseWorkerPool } from './cpu/worker-pool.js';
import { releaseGpu } from './webgpu/dawn.js';

/**
 * Releases everything the engine holds open — GPU devices (after their queues drain) and CPU worker threads — so
 * the process exits by itself. The CLI calls it after every command; library users call it when done. Loads no
 * native code when nothing was used.
 */
export async function releaseEngine(): Promise<void> {
  await Promise.all([releaseGpu(), releaseWorkerPool()]);
}
