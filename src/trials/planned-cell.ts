import type { CellSpec } from '../spec/cell-schema.js';
import type { TrialCell } from './cell.js';
import type { AdaptiveStop } from './run-cell.js';

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
  /** `cellId` (src/spec/cell-id.ts) of the validated spec. */
  readonly id: string;
  readonly origin: string;
  readonly axes: Readonly<Record<string, unknown>>;
  readonly spec: CellSpec;
  readonly cell: TrialCell;
  readonly adaptive: AdaptiveStop | undefined;
  readonly describe: CellDescriptor;
}
