import { beforeAll, describe, it } from 'vitest';
import { dawnInstance } from '../../../src/engine/webgpu/dawn.js';
import { NO_ADAPTER_FIX } from '../../../src/engine/webgpu/gpu-errors.js';
import { gpuRequired } from '../../../src/flags.js';

/**
 * GPU test gating: suites run when Dawn finds an adapter and are skipped otherwise — unless GRADCODE_REQUIRE_GPU=1
 * (set by .ci/run), which turns a missing adapter into a failing test so CI can never silently skip the WGSL tests.
 */

async function probeAdapter(): Promise<{ description: string } | { missing: string }> {
  try {
    const adapter = await (await dawnInstance([])).requestAdapter();
    return adapter
      ? {
          description: `${adapter.info.description || adapter.info.device} (${adapter.info.architecture || 'unknown architecture'})`,
        }
      : { missing: 'no WebGPU adapter found' };
  } catch (error) {
    return { missing: error instanceof Error ? error.message : String(error) };
  }
}

/** The adapter the GPU tests run on, or why there is none. */
export const gpuProbe = await probeAdapter();

/** `describe` for suites that need a WebGPU adapter (see the module comment). */
export function describeGpu(name: string, body: () => void): void {
  if ('description' in gpuProbe) {
    describe(name, () => {
      beforeAll(() => {
        console.info(`WebGPU adapter: ${gpuProbe.description}`);
      });
      body();
    });
    return;
  }
  if (gpuRequired()) {
    describe(name, () => {
      it('needs a WebGPU adapter (GRADCODE_REQUIRE_GPU=1)', () => {
        throw new Error(`${gpuProbe.missing}; fix: ${NO_ADAPTER_FIX}`);
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: ${gpuProbe.missing})`, body);
}
