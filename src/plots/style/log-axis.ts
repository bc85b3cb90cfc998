/** Scale domain and explicit ticks for a log axis, computed in TypeScript from the data. */
export interface LogAxis {
  domain: [number, number];
  /** Tick (and grid) positions: powers of ten, or a 1-2-5 sequence when the data span under two decades. */
  values: number[];
  /** Vega expression for the tick labels (`10⁻³` for powers of ten, plain numbers otherwise). */
  labelExpr: string;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** `10` with the exponent `k` written in Unicode superscripts (DejaVu Sans has the glyphs): 10⁻³. */
export function powerOfTenLabel(k: number): string {
  return `10${[...String(k)].map((c) => SUPERSCRIPT[c]).join('')}`;
}

/** 10^k as the double nearest the decimal `1ek` (exact for labels and stable across platforms). */
function pow10(k: number): number {
  return Number(`1e${k}`);
}

/** Most labelled decades on one log axis; wider spans label every second (third, …) power. */
export const MAX_LOG_TICKS = 7;

const STEPS = [1, 2, 5];

/**
 * Domain and ticks for a log axis covering the positive `values` (non-positive and non-finite entries are ignored):
 * the domain is widened to whole powers of ten and only those are ticked and gridded (no dense minor grid); spans
 * under two decades use 1-2-5 bounds and ticks. Throws when no value is positive.
 */
export function logAxis(values: Iterable<number>): LogAxis {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const v of values) {
    if (v > 0 && Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(hi > 0)) throw new RangeError('log axis needs at least one positive value');
  const kLo = Math.floor(Math.log10(lo) + 1e-9);
  const kHi = Math.max(Math.ceil(Math.log10(hi) - 1e-9), kLo + 1);
  if (kHi - kLo > 2) {
    const step = Math.ceil((kHi - kLo + 1) / MAX_LOG_TICKS);
    const ticks: number[] = [];
    for (let k = kLo; k <= kHi; k++) if ((k - kLo) % step === 0) ticks.push(k);
    return { domain: [pow10(kLo), pow10(kHi)], values: ticks.map(pow10), labelExpr: powerLabelExpr(ticks) };
  }
  // Under two decades: 1-2-5 grid, bounds snapped outward to it.
  const grid: number[] = [];
  for (let k = kLo - 1; k <= kHi; k++) for (const s of STEPS) grid.push(Number(`${s}e${k}`));
  const below = grid.filter((g) => g <= lo * (1 + 1e-12));
  const dLo = below.length ? below[below.length - 1] : grid[0];
  const above = grid.filter((g) => g >= hi * (1 - 1e-12) && g > dLo);
  const dHi = above.length ? above[0] : pow10(kHi);
  const ticks = grid.filter((g) => g >= dLo && g <= dHi);
  return { domain: [dLo, dHi], values: ticks, labelExpr: "format(datum.value, '~g')" };
}

/** Nested conditional mapping each tick 10^k to its superscript label (thresholds at the geometric midpoints). */
function powerLabelExpr(ks: number[]): string {
  let expr = `'${powerOfTenLabel(ks[ks.length - 1])}'`;
  for (let i = ks.length - 2; i >= 0; i--) {
    const mid = Number(`3.1622776601683795e${ks[i]}`);
    expr = `datum.value < ${mid} ? '${powerOfTenLabel(ks[i])}' : ${expr}`;
  }
  return expr;
}
