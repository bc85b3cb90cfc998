import type { SweepStart } from '../sweep/run-sweep.js';

/**
 * Cells and trials of a sweep session, and the time left estimated from them. With the cells' predicted costs
 * (`SweepStart.costs`: the cost model's seconds per cell on the executor's backend, compile time of a pipeline's
 * first use included) the ETA is the predicted seconds still to run, scaled by how the session's actual time
 * compares with the prediction of what it has run so far — so a cell that compiles for seconds or an expensive
 * protocol counts as such; before anything finished it is the prediction itself. Without costs it is trials still
 * planned × (seconds per trial this session). Cells stopped early by the adaptive rule shrink the planned total.
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
  private costs: ReadonlyMap<number, number> | null = null;
  private costsAreSeconds = false;
  /** Predicted cost of the cells still to run (the running one included), and of what this session finished. */
  private costLeft = 0;
  private costDone = 0;
  private current: { index: number; planned: number } | null = null;

  start(info: SweepStart): void {
    this.cells = info.cells;
    this.cellsDone = info.cellsDone;
    this.trials = info.trials;
    this.trialsDone = this.trialsAtStart = info.trialsDone;
    this.running = 0;
    this.costs = info.costs?.weights ?? null;
    this.costsAreSeconds = info.costs?.seconds ?? false;
    this.costLeft = this.costs ? [...this.costs.values()].reduce((s, c) => s + c, 0) : 0;
    this.costDone = 0;
  }

  /** A cell starts (its index and planned trials). */
  begin(index: number, planned: number): void {
    this.current = { index, planned };
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
    if (this.current && this.costs) {
      const cost = this.costs.get(this.current.index) ?? 0;
      this.costLeft -= cost;
      this.costDone += cost;
    }
    this.current = null;
  }

  /** Seconds since the session started. */
  elapsed(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  /** Estimated seconds left, or null before any trial of this session finished (and without predicted seconds). */
  eta(): number | null {
    if (this.costs) {
      const cost = this.current ? (this.costs.get(this.current.index) ?? 0) : 0;
      const fraction = this.current && this.current.planned > 0 ? Math.min(1, this.running / this.current.planned) : 0;
      const left = Math.max(0, this.costLeft - cost * fraction);
      const done = this.costDone + cost * fraction;
      if (done > 0 && this.elapsed() > 0) return (left * this.elapsed()) / done;
      return this.costsAreSeconds ? left : null;
    }
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
