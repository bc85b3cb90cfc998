import { formatCodeSpec, resolveCodeSpec } from '../codes/spec.js';
import { InputError } from '../errors.js';
import { canonicalJson } from '../spec/canonical.js';
import { cellId } from '../spec/cell-id.js';
import type { ExpandedCell } from '../spec/expand.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { type Shard, shardCells, WHOLE_SWEEP } from '../store/shard.js';
import type { TrialCell } from '../trials/cell.js';
import type { PlannedCell } from '../trials/planned-cell.js';
import { resolveCell } from '../trials/resolve-cell.js';

/**
 * Resolves the cells of a shard (default: all) — builds every code, order and straggler model and checks protocol,
 * decoder and T grid — so bad input is reported before any trial runs. Errors are InputErrors naming
 * `cells[i].…`/`defaults.…` and the sweep cell.
 */
export function planCells(loaded: LoadedSpec, shard: Shard = WHOLE_SWEEP): PlannedCell[] {
  checkShardCount(shard, loaded.cells.length);
  return shardCells(loaded.cells, shard).map((c) => planCell(c, loaded.baseDir));
}

/**
 * Refuses a shard count above the number of cells (shards without cells only create files; `--shard 7/5000` of a
 * 9-cell sweep is a typo): InputError on `field`.
 */
export function checkShardCount(shard: Shard, cells: number, field = '--shard'): void {
  if (shard.count > cells)
    throw new InputError(
      field,
      `the shard count ${shard.count} is above the ${cells} cell${cells === 1 ? '' : 's'} of the sweep ` +
        `(shards without cells do nothing); use at most ${cells}`,
    );
}

function planCell(c: ExpandedCell, baseDir: string): PlannedCell {
  const field = c.origin;
  let cell: TrialCell;
  try {
    cell = resolveCell(c.spec, { baseDir, field, index: c.index });
  } catch (e) {
    throw withSweepCell(e, c);
  }
  const code = cell.schedule.code;
  const resolved = resolveCodeSpec(c.spec.code as Parameters<typeof resolveCodeSpec>[0], { baseDir });
  const codeText = formatCodeSpec(resolved);
  const { plan } = cell;
  const decoder = plan.decoder;
  const parts = plan.parts;
  const label = c.spec.label ?? null;
  const scheme = label ?? `${codeText} · ${plan.protocol}${decoder ? ` (${decoder})` : ''} · ${c.spec.order}`;
  return {
    index: c.index,
    id: cellId(c.spec),
    origin: c.origin,
    axes: c.axes,
    spec: c.spec,
    cell,
    adaptive: c.spec.adaptive,
    describe: {
      label,
      scheme,
      code: codeText,
      codeFamily: resolved.family,
      codeParams: JSON.parse(canonicalJson(resolved.params)) as Record<string, unknown>,
      N: code.N,
      m: code.m,
      parts,
      protocol: plan.protocol,
      decoder,
      order: c.spec.order,
      collect: plan.stop.kind === 'collect-k' ? plan.stop.k : null,
      stragglers: c.spec.stragglers,
      seed: String(cell.seed),
      stream: cell.index,
      normalize: cell.normalize,
      trialsPlanned: cell.trials,
    },
  };
}

/** Adds the sweep position and axis values to an error from one cell (the field already names the spec part). */
function withSweepCell(e: unknown, c: ExpandedCell): unknown {
  if (!(e instanceof Error) || e.name !== 'InputError' || Object.keys(c.axes).length === 0) return e;
  const values = Object.entries(c.axes)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  e.message = `${e.message} (sweep cell ${c.index}: ${values})`;
  return e;
}
