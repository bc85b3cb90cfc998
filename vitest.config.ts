import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Tests (and the CLI processes they start) keep `auto`'s calibration in a folder of their own, never in the user's
 * cache: a calibration measured on this machine would change which backend `auto` picks in the tests.
 */
const env = { GRADCODE_CACHE_DIR: mkdtempSync(join(tmpdir(), 'gradcode-test-cache-')) };

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
          env,
        },
      },
      {
        test: {
          name: 'gpu',
          include: ['test/**/*.gpu.test.ts'],
          pool: 'threads',
          fileParallelism: false,
          env,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
