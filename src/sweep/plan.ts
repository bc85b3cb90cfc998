import { formatCodeSpec, resolveCodeSpec } from '../codes/spec.js';
import { canonicalJson, contentHash } from '../spec/canonical.js';
import type { CellSpec } from '../spec/cell-schema.js';
import type { ExpandedCell } from '../spec/expand.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { resolveCell } from '../spec/resolve-cell.js';
import type { TrialCell } from '../trials/cell.js';
import type { AdaptiveStop } from '../trials/run-cell.js';
import { type Shard, shardCells, WHOLE_SWEEP } from './shard.js';

/** What a result row says about its cell besides the statistics (the descriptive columns of the tables). */
export interface CellDescriptor {
  /** The spec's `label`, or null. */
  readonly label: string | null;
  /** `label`, or `code · protocol · order` — the default series name of plots. */
  readonly scheme: string;
  /** Canonical compact code string (every parameter, defaults filled). */
  readonly code: string;
  readonly codeFamily: string;
  readonly codeParams: Readonly<Record<string, unknown>>;
  readonly N: number;
  readonly m: number;
  /** ℓ the protocol works with (partial: `parts`; otherwise the code's ℓ). */
  readonly parts: number;
  readonly protocol: string;
  /** Decoder of the original protocol; null for the others (they do not use one). */
  readonly decoder: string | null;
  readonly order: string;
  /** `erasure`: arrivals collected; null otherwise. */
  readonly collect: number | null;
  /** The straggler model as specified (defaults filled). */
  readonly stragglers: unknown;
  /** Decimal seed of the cell's Philox key. */
  readonly seed: string;
  /** The cell's counter word (c2). */
  readonly stream: number;
  readonly normalize: boolean;
  readonly trialsPlanned: number;
}

/** A cell ready to run: sweep position, identity, validated spec, resolved trial cell and descriptor. */
export interface PlannedCell {
  readonly index: number;
  /** {@link cellId} of the validated spec. */
  readonly id: string;
  readonly origin: string;
  readonly axes: Readonly<Record<string, unknown>>;
  readonly spec: CellSpec;
  readonly cell: TrialCell;
  readonly adaptive: AdaptiveStop | undefined;
  readonly describe: CellDescriptor;
}

/** A cell's identity: the first 16 hex digits of the SHA-256 of its validated spec (seed included). */
export function cellId(spec: CellSpec): string {
  return contentHash(spec).slice(0, 16);
}

/**
 * Resolves the cells of a shard (default: all) — builds every code, order and straggler model and checks protocol,
 * decoder and T grid — so bad input is reported before any trial runs. Errors are InputErrors naming
 * `cells[i].…`/`defaults.…` and the sweep cell.
 */
export function planCells(loaded: LoadedSpec, shard: Shard = WHOLE_SWEEP): PlannedCell[] {
  return shardCells(loaded.cells, shard).map((c) => planCell(c, loaded.baseDir));
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
