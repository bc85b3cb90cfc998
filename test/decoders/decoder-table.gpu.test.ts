import { afterAll, beforeAll, expect, it } from 'vitest';
import { decoderNames } from '../../src/decoders/registry.js';
import { releaseGpu } from '../../src/engine/webgpu/dawn.js';
import { WebGpuBackend } from '../../src/engine/webgpu/webgpu-backend.js';
import { SpecSchema } from '../../src/spec/cell-schema.js';
import { expandSpec } from '../../src/spec/expand.js';
import { BackendTrialExecutor } from '../../src/trials/backend-executor.js';
import { CpuTrialExecutor } from '../../src/trials/cpu-executor.js';
import { resolveCell } from '../../src/trials/resolve-cell.js';
import { runCell } from '../../src/trials/run-cell.js';
import { describeGpu } from '../engine/support/gpu.js';
import { compareBackends } from '../trials/support/compare-backends.js';
import { DECODER_CASES } from './decoder-cases.js';

/**
 * Every decoder of the registry through the trial engine on both backends: the f32 WGSL curve (in the checked build,
 * shaders/trials/checked/, so an access outside the cell's scratch layout fails the run) against the f64 CPU twin,
 * within the conformance tolerances (test/trials/conformance.gpu.test.ts).
 */
describeGpu('decoder table on both backends', () => {
  let gpu: BackendTrialExecutor;
  const cpu = new CpuTrialExecutor();
  beforeAll(async () => {
    gpu = new BackendTrialExecutor(await WebGpuBackend.create(), { checkScratch: true });
  });
  afterAll(releaseGpu);

  for (const name of decoderNames) {
    it(`${name}: ${DECODER_CASES[name].code}`, async () => {
      const [expanded] = expandSpec(
        SpecSchema.parse({
          seed: 23,
          defaults: {
            ...DECODER_CASES[name],
            protocol: 'original',
            decoder: name,
            trials: 1000,
            tGrid: [0.5, 1, 2, 3, 5, 'inf'],
          },
        }),
      );
      const cell = resolveCell(expanded.spec, { field: 'defaults', index: 0 });
      expect(cell.plan.decoder).toBe(name);
      compareBackends(name, await runCell(cell, gpu), await runCell(cell, cpu));
    });
  }
});
