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

/** What `--backend auto` picks and why. */
export interface AutoBackendChoice {
  readonly kind: BackendKind;
  /** The adapter to open (null for the CPU backend). */
  readonly adapter: AdapterReport | null;
  readonly reason: string;
}

/**
 * The `auto` rule when nothing is known about the work (a library call without a workload, `gradcode doctor`'s
 * summary line):
 * 1. a hardware adapter → WebGPU on it (the first one; Dawn lists discrete GPUs before integrated ones);
 * 2. only a software adapter (lavapipe, SwiftShader, WARP) → the CPU backend: the adapter runs on the same cores, and
 *    whether it is faster depends on the kernels and on compile times of seconds per pipeline, so it is chosen only
 *    for a workload whose measured cost model says so (src/engine/cost/auto-choice.ts);
 * 3. no adapter → the CPU backend.
 * With a workload, `createBackend` decides from the calibration instead.
 */
export function decideAutoBackend(adapters: readonly AdapterReport[]): AutoBackendChoice {
  const hardware = adapters.find((a) => !a.software);
  if (hardware) return { kind: 'webgpu', adapter: hardware, reason: `hardware GPU "${hardware.name}" found` };
  const software = adapters[0];
  if (software) {
    return {
      kind: 'cpu',
      adapter: null,
      reason:
        `no hardware GPU; the software adapter "${software.name}" shares the CPU cores, so a run picks it only where ` +
        "its calibrated cost model predicts it faster for the run's cells",
    };
  }
  return { kind: 'cpu', adapter: null, reason: 'no WebGPU adapter found' };
}
