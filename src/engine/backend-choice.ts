import { didYouMean } from '../did-you-mean.js';
import { InputError } from '../errors.js';
import type { BackendKind } from './backend.js';
import type { AdapterReport } from './webgpu/adapters.js';

/** Values of `--backend`. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'cpu'] as const;

/** A `--backend` value. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Validates a `--backend` value; anything else is bad input naming the valid choices. */
export function parseBackendChoice(value: string, field = '--backend'): BackendChoice {
  const choice = value.trim().toLowerCase();
  if ((BACKEND_CHOICES as readonly string[]).includes(choice)) return choice as BackendChoice;
  throw new InputError(
    field,
    `unknown backend "${value}"${didYouMean(choice, BACKEND_CHOICES)}; valid choices: ${BACKEND_CHOICES.join(', ')}`,
  );
}

/**
 * The measurement behind the software-adapter rule (reproduce with `npx tsx bench/micro/backend-rule.bench.ts`): the
 * fused distribution-samples kernel (Philox4x32-10 + transform + workgroup reduction of count/sum/sum², 2²³ samples,
 * moments only, warm pipeline and workers) on lavapipe (Mesa 25.0.7, LLVM 15, 256-bit) against the f64 CPU twin, on
 * the 2-vCPU development machine shared with other jobs; median of 3 runs. A second run gave 31/46/92 ms on lavapipe
 * against 253/387/700 ms on one thread (3.8–6.4× the pool).
 */
export const SOFTWARE_ADAPTER_MEASUREMENT = {
  kernel: 'distribution-samples, 2^23 samples',
  /** ms on lavapipe: uniform, exponential, normal. */
  lavapipeMs: { uniform: 31, exponential: 50, normal: 141 },
  /** ms for one JS thread. */
  oneThreadMs: { uniform: 242, exponential: 389, normal: 741 },
  /** ms for the CPU backend with 2 worker threads. */
  cpuPoolMs: { uniform: 148, exponential: 222, normal: 426 },
  /** Smallest lavapipe speed-up over the CPU backend's worker pool among the three (normal: 426/141). */
  minSpeedupOverCpuPool: 3.0,
} as const;

/** What `--backend auto` picks and why. */
export interface AutoBackendChoice {
  readonly kind: BackendKind;
  /** The adapter to open (null for the CPU backend). */
  readonly adapter: AdapterReport | null;
  readonly reason: string;
}

/**
 * The `auto` rule:
 * 1. a hardware adapter → WebGPU on it (the first one; Dawn lists discrete GPUs before integrated ones);
 * 2. only a software adapter (lavapipe, SwiftShader, WARP) → WebGPU on it as well: both it and the CPU backend
 *    use every core, and on the fused kernel lavapipe measured ≥ 3× the CPU backend's pool and 5.2–7.8× one JS
 *    thread ({@link SOFTWARE_ADAPTER_MEASUREMENT}); compiling each pipeline once (≈ 0.1–0.7 s) is a one-off cost
 *    that any run long enough to matter amortises;
 * 3. no adapter → the CPU backend.
 */
export function decideAutoBackend(adapters: readonly AdapterReport[]): AutoBackendChoice {
  const hardware = adapters.find((a) => !a.software);
  if (hardware) return { kind: 'webgpu', adapter: hardware, reason: `hardware GPU "${hardware.name}" found` };
  const software = adapters[0];
  if (software) {
    const m = SOFTWARE_ADAPTER_MEASUREMENT;
    return {
      kind: 'webgpu',
      adapter: software,
      reason:
        `no hardware GPU; the software adapter "${software.name}" ran the fused distribution kernel ` +
        `≥ ${m.minSpeedupOverCpuPool.toFixed(1)}× faster than the CPU backend's worker pool ` +
        `(${(m.oneThreadMs.normal / m.lavapipeMs.normal).toFixed(1)}–${(m.oneThreadMs.uniform / m.lavapipeMs.uniform).toFixed(1)}× one JS thread) on a 2-core machine`,
    };
  }
  return { kind: 'cpu', adapter: null, reason: 'no WebGPU adapter found' };
}
