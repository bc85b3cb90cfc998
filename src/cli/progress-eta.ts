import type { SweepStart } from '../sweep/run-sweep.js';

/**
 * Cells and trials of a sweep session, and the time left estimated from them: trials still planned × (seconds per
 * trial this session). Cells stopped early by the adaptive rule shrink the planned total.
 */
export class SweepClock {
  readonly startedAt = performance.now();
  cells = 0;
  cellsDone = 0;
  trials = 0;
  /** Trials of completed cells (earlier sessions included). */
  trialsDone = 0;
  /** Trials done in the running cell. */
  running = 0;
  private trialsAtStart = 0;

  start(info: SweepStart): void {
    this.cells = info.cells;
    this.cellsDone = info.cellsDone;
    this.trials = info.trials;
    this.trialsDone = this.trialsAtStart = info.trialsDone;
    this.running = 0;
  }

  /** Trials done overall (completed cells plus the running one). */
  get done(): number {
    return this.trialsDone + this.running;
  }

  cellDone(planned: number, actual: number): void {
    this.cellsDone += 1;
    this.trialsDone += actual;
    this.trials -= planned - actual;
    this.running = 0;
  }

  /** Seconds since the session started. */
  elapsed(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  /** Estimated seconds left, or null before any trial of this session finished. */
  eta(): number | null {
    const doneHere = this.done - this.trialsAtStart;
    if (doneHere <= 0) return null;
    return (this.elapsed() / doneHere) * Math.max(0, this.trials - this.done);
  }
}

/** Seconds as `42 s`, `3 min 05 s`, `2 h 07 min`; `?` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A count as `950`, `12.3k`, `4.50M`, `1.20G`. */
export function formatCount(n: number): string {
  if (n < 1e3) return String(n);
  if (n < 1e6) return `${+(n / 1e3).toPrecision(3)}k`;
  if (n < 1e9) return `${+(n / 1e6).toPrecision(3)}M`;
  return `${+(n / 1e9).toPrecision(3)}G`;
}
