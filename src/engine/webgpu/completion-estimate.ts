import type { BatchPass } from './batch.js';
import { pipelineKey } from './pipeline-cache.js';

/**
 * Dawn for Node completes asynchronous work (error scopes, `mapAsync`) by polling its instance from the event loop
 * for as long as a promise is pending. On lavapipe the GPU *is* the CPU, so that polling took one of the two cores
 * away from the shader: measured on the 2-core development machine, the main thread burned 2.4 s of CPU during a
 * 3.1 s trial run. The GPU context therefore sleeps through most of a batch's expected duration before it waits:
 * this estimator learns milliseconds per dispatched workgroup for each pipeline and predicts the next batch's
 * duration. The prediction is deliberately optimistic — the fastest rate seen, ignoring each pipeline's first batch
 * (lavapipe compiles a pipeline lazily at its first dispatch) — so a sleep never outlasts the work by much; the real
 * wait follows it.
 */
export class CompletionEstimate {
  private readonly msPerWorkgroup = new Map<string, number>();
  private readonly seen = new Set<string>();

  /** Fraction of the predicted duration spent asleep. */
  static readonly SLEEP_FRACTION = 0.85;
  /** Predictions shorter than this are not worth a timer. */
  static readonly MIN_SLEEP_MS = 4;

  /** Predicted milliseconds for the passes, or 0 when a pipeline has not been measured yet. */
  predict(passes: readonly BatchPass[]): number {
    let total = 0;
    for (const pass of passes) {
      const rate = this.msPerWorkgroup.get(pipelineKey(pass));
      if (rate === undefined) return 0;
      total += rate * workgroups(pass);
    }
    return total;
  }

  /** How long to sleep before waiting on a batch with these passes. */
  sleepMs(passes: readonly BatchPass[]): number {
    const ms = this.predict(passes) * CompletionEstimate.SLEEP_FRACTION;
    return ms >= CompletionEstimate.MIN_SLEEP_MS ? ms : 0;
  }

  /** Records a measured duration, attributing it to the passes in proportion to their workgroup counts. */
  record(passes: readonly BatchPass[], elapsedMs: number): void {
    const counts = passes.map(workgroups);
    const total = counts.reduce((a, b) => a + b, 0);
    if (total === 0 || !(elapsedMs > 0)) return;
    const rate = elapsedMs / total;
    for (const pass of passes) {
      const key = pipelineKey(pass);
      if (!this.seen.has(key)) {
        this.seen.add(key);
        continue;
      }
      const old = this.msPerWorkgroup.get(key);
      this.msPerWorkgroup.set(key, old === undefined ? rate : Math.min(old, rate));
    }
  }
}

function workgroups(pass: BatchPass): number {
  return pass.dispatch[0] * pass.dispatch[1] * pass.dispatch[2];
}

/**
 * Resolves after `ms` milliseconds. The timer is referenced on purpose: while a batch runs nothing else may hold the
 * event loop open (the device's work does not), and an unreferenced timer would let Node exit mid-batch.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
