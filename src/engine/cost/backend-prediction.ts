import type { Backend } from '../backend.js';
import { CpuBackend } from '../cpu/cpu-backend.js';
import { WebGpuBackend } from '../webgpu/webgpu-backend.js';
import { pipelineStates } from './auto-choice.js';
import { CalibrationStore } from './calibration-store.js';
import { type DevicePrediction, predictDevice } from './cost-model.js';
import { adapterIdentity, cpuIdentity } from './device-identity.js';
import { pipelineHash, type WorkUnit } from './work-unit.js';

/**
 * A workload's predicted seconds on a backend that is already open (for the progress ETA), from the calibration of
 * its device: the CPU backend's threads, or the WebGPU backend's adapter, whose pipelines compiled in this process
 * cost nothing more. Null for other backends.
 */
export function predictOnBackend(backend: Backend, units: readonly WorkUnit[], path?: string): DevicePrediction | null {
  if (backend instanceof CpuBackend) {
    const store = CalibrationStore.open(cpuIdentity(backend.threads), path);
    return predictDevice(store.device, 'cpu', units, { started: true });
  }
  if (backend instanceof WebGpuBackend) {
    const adapter = backend.context.adapter;
    const store = CalibrationStore.open(adapterIdentity(adapter), path);
    const ready = new Set(backend.context.pipelineKeys().map(pipelineHash));
    return predictDevice(store.device, 'webgpu', units, {
      pipelines: pipelineStates(store, adapter, ready),
      started: backend.context.device !== null,
    });
  }
  return null;
}
