import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure TypeScript, runs in parallel) and `gpu` (anything that opens a WebGPU device; one file
 * at a time in worker threads, which ran reliably with Dawn here where forks occasionally crashed at teardown).
 * GPU test files are named `*.gpu.test.ts`. With GRADCODE_REQUIRE_GPU=1 (set by .ci/run) a missing adapter fails
 * those tests instead of skipping them.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.gpu.test.ts'],
          pool: 'threads',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'gpu',
          include: ['test/**/*.gpu.test.ts'],
          pool: 'threads',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
