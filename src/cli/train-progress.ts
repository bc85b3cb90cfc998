import { escapeControl } from '../input/terminal-text.js';
import { formatShard } from '../store/shard.js';
import type { TrainProgress, TrainUnit } from '../sweep/run-train-sweep.js';
import type { ProgressMode } from './progress.js';

/**
 * The progress display of a training sweep: on a terminal (`auto`, `bar`) one self-overwriting line on stderr
 * (scheme, run of the sweep, iteration); `lines` (logs, SLURM) a line per finished scheme; `none` nothing.
 */
export function createTrainProgress(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): TrainProgress {
  const chosen = mode === 'auto' ? (stream.isTTY ? 'bar' : 'lines') : mode;
  if (chosen === 'none') return { start() {}, unitStart() {}, iterations() {}, unitDone() {}, stop() {} };
  let units = 0;
  let finished = 0;
  let live = false;
  const where = (u: TrainUnit) => `scheme "${escapeControl(u.label)}" of run ${u.cell.index}`;
  return {
    start(info) {
      units = info.units;
      finished = info.done;
      const already = info.done ? ` (${info.done} already done)` : '';
      stream.write(`gradcode: shard ${formatShard(info.shard)}: ${info.units} scheme run(s)${already} → ${info.dir}\n`);
    },
    unitStart(unit) {
      if (chosen === 'bar') {
        stream.write(`\rgradcode train: ${finished + 1}/${units} ${where(unit)}`);
        live = true;
      }
    },
    iterations(unit, done, total) {
      if (chosen === 'bar') {
        stream.write(`\rgradcode train: ${finished + 1}/${units} ${where(unit)}, iteration ${done}/${total}   `);
        live = true;
      }
    },
    unitDone(record) {
      finished++;
      if (chosen === 'lines')
        stream.write(
          `gradcode train: ${finished}/${units} done: run ${record.index}, ${escapeControl(record.paths.map((p) => p.label).join(' + '))} ` +
            `(${record.seconds.toFixed(1)} s)\n`,
        );
    },
    stop() {
      if (live) stream.write('\n');
      live = false;
    },
  };
}
