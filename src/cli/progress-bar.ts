import cliProgress from 'cli-progress';
import { escapeControl } from '../input/terminal-text.js';
import type { CellRecord } from '../store/cell-record.js';
import type { SweepProgress, SweepStart } from '../sweep/run-sweep.js';
import type { PlannedCell } from '../trials/planned-cell.js';
import { formatCount, formatDuration, SweepClock } from './progress-eta.js';

/**
 * A cli-progress bar: trials as the bar, with cells done, trials done and the ETA. On a terminal it redraws in place;
 * asked for explicitly (`--progress bar`) on a pipe or file, it writes a bar line every second instead.
 */
export class BarProgress implements SweepProgress {
  private readonly clock = new SweepClock();
  private readonly bar: cliProgress.SingleBar;
  private active = false;
  private scheme = '';

  constructor(stream: NodeJS.WriteStream) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format:
          '{bar} {percentage}% | cells {cellsDone}/{cells} | trials {trialsDone}/{trialsTotal} | ETA {etaText} | {scheme}',
        hideCursor: true,
        barsize: 24,
        fps: 5,
        clearOnComplete: false,
        stopOnComplete: false,
        noTTYOutput: !stream.isTTY,
        notTTYSchedule: 1000,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  start(info: SweepStart): void {
    this.clock.start(info);
    this.bar.start(Math.max(1, info.trials), info.trialsDone, this.payload());
    this.active = true;
  }

  cellStart(cell: PlannedCell): void {
    this.clock.begin(cell.index, cell.cell.trials);
    this.scheme = escapeControl(cell.describe.scheme);
    this.update();
  }

  trials(_cell: PlannedCell, done: number): void {
    this.clock.running = done;
    this.update();
  }

  cellDone(record: CellRecord): void {
    this.clock.cellDone(record.trialsPlanned, record.stats.trials);
    this.bar.setTotal(Math.max(1, this.clock.trials));
    this.update();
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.update();
    this.bar.stop();
  }

  private update(): void {
    if (this.active) this.bar.update(this.clock.done, this.payload());
  }

  private payload(): Record<string, string | number> {
    return {
      cells: this.clock.cells,
      cellsDone: this.clock.cellsDone,
      trialsDone: formatCount(this.clock.done),
      trialsTotal: formatCount(this.clock.trials),
      etaText: formatDuration(this.clock.eta()),
      scheme: this.scheme.length > 40 ? `${this.scheme.slice(0, 39)}…` : this.scheme,
    };
  }
}
