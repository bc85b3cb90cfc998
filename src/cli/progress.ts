import { didYouMean } from '../did-you-mean.js';
import { verbosity } from '../engine/verbosity.js';
import { InputError } from '../errors.js';
import { progressIntervalSeconds } from '../flags.js';
import { escapeControl } from '../input/terminal-text.js';
import type { CellRecord } from '../store/cell-record.js';
import { formatShard } from '../store/shard.js';
import type { SweepProgress, SweepStart } from '../sweep/run-sweep.js';
import type { PlannedCell } from '../trials/planned-cell.js';
import { BarProgress } from './progress-bar.js';
import { formatCount, formatDuration, SweepClock } from './progress-eta.js';

/** Values of `--progress`. */
export const PROGRESS_MODES = ['auto', 'bar', 'lines', 'none'] as const;

/** A `--progress` value. */
export type ProgressMode = (typeof PROGRESS_MODES)[number];

/** Validates `--progress`. */
export function parseProgressMode(value: string, field = '--progress'): ProgressMode {
  if ((PROGRESS_MODES as readonly string[]).includes(value)) return value as ProgressMode;
  throw new InputError(
    field,
    `unknown progress mode "${value}"${didYouMean(value, PROGRESS_MODES)}; valid choices: ${PROGRESS_MODES.join(', ')}`,
  );
}

/** Seconds between plain progress lines while a cell runs (GRADCODE_PROGRESS_INTERVAL overrides, in seconds). */
export function progressInterval(): number {
  return progressIntervalSeconds();
}

/**
 * The progress display for a mode: `bar` (cli-progress on stderr: cells, trials, ETA), `lines` (plain lines on
 * stderr: one per completed cell and one every {@link progressInterval} seconds within a long cell), `none`;
 * `auto` is `bar` when stderr is a terminal, else `lines`. `--quiet` makes every mode `none`.
 */
export function createProgress(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): SweepProgress {
  const chosen = verbosity() === 'quiet' ? 'none' : mode === 'auto' ? (stream.isTTY ? 'bar' : 'lines') : mode;
  if (chosen === 'bar') return new BarProgress(stream);
  if (chosen === 'lines') return new LineProgress((text) => stream.write(`${escapeControl(text)}\n`));
  return { start() {}, cellStart() {}, trials() {}, cellDone() {}, stop() {} };
}

/** Plain progress lines (for logs, CI and SLURM output files). */
export class LineProgress implements SweepProgress {
  private readonly clock = new SweepClock();
  private lastLine = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly intervalSeconds = progressInterval(),
  ) {}

  start(info: SweepStart): void {
    this.clock.start(info);
    this.lastLine = this.clock.elapsed();
    const already = info.cellsDone ? ` (${info.cellsDone} already done)` : '';
    this.write(
      `gradcode: shard ${formatShard(info.shard)}: ${info.cells} cells${already}, ${formatCount(info.trials)} trials → ${info.dir}`,
    );
  }

  cellStart(cell: PlannedCell): void {
    this.clock.begin(cell.index, cell.cell.trials);
  }

  trials(cell: PlannedCell, done: number, planned: number): void {
    this.clock.running = done;
    const now = this.clock.elapsed();
    if (now - this.lastLine < this.intervalSeconds) return;
    this.lastLine = now;
    this.write(
      `gradcode: cell ${cell.index} [${this.clock.cellsDone + 1}/${this.clock.cells}] ${formatCount(done)}/${formatCount(planned)} trials; ` +
        `${this.percent()} of trials, ETA ${formatDuration(this.clock.eta())}`,
    );
  }

  cellDone(record: CellRecord): void {
    this.clock.cellDone(record.trialsPlanned, record.stats.trials);
    this.lastLine = this.clock.elapsed();
    this.write(
      `gradcode: cell ${record.index} done [${this.clock.cellsDone}/${this.clock.cells}] ${record.scheme}` +
        `${record.scheme.includes(record.code) ? '' : ` (${record.code})`}: ` +
        `${formatCount(record.stats.trials)} trials in ${record.seconds.toFixed(1)} s; ${this.percent()} of trials, ` +
        `ETA ${formatDuration(this.clock.eta())}`,
    );
  }

  stop(): void {}

  private percent(): string {
    return `${this.clock.trials ? Math.floor((100 * this.clock.done) / this.clock.trials) : 100}%`;
  }
}
