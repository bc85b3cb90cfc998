/** One row of a bound check: the empirical mean over runs with its CI, and the bound, at one iteration. */
export interface BoundRow {
  readonly iteration: number;
  readonly mean: number;
  readonly ci_lo: number;
  readonly ci_hi: number;
  readonly bound: number;
}

/** The outcome of comparing an empirical curve with a bound. */
export interface Verdict {
  /** No iteration where the whole CI lies above the bound. */
  readonly holds: boolean;
  /** Iterations where the bound is defined. */
  readonly checked: number;
  /** Iterations where it fails, with mean/bound. */
  readonly failures: readonly { readonly iteration: number; readonly ratio: number; readonly excess: number }[];
  /** "holds everywhere (k = 0…200)" or "fails at iterations 3–7, 12 by up to 1.8× the bound". */
  readonly text: string;
}

/** Relative slack for roundoff when the CI has zero width (identical runs, e.g. a fixed adversarial set). */
const ROUNDOFF = 1e-9;

function ranges(iterations: readonly number[]): string {
  const parts: string[] = [];
  let start = iterations[0];
  let prev = start;
  for (const k of [...iterations.slice(1), Number.NaN]) {
    if (k === prev + 1) {
      prev = k;
      continue;
    }
    parts.push(start === prev ? `${start}` : `${start}–${prev}`);
    start = k;
    prev = k;
  }
  return parts.join(', ');
}

/**
 * A bound on an expectation fails at an iteration when the lower end of the empirical mean's CI lies above it (the
 * mean alone would flag sampling noise); with a zero-width or undefined CI the mean itself is compared, with a
 * relative slack of 1e-9 for roundoff.
 */
export function verdict(rows: readonly BoundRow[]): Verdict {
  const defined = rows.filter((r) => Number.isFinite(r.bound));
  const failures = defined
    .filter((r) => {
      const low = Number.isFinite(r.ci_lo) ? r.ci_lo : r.mean;
      return low > r.bound + ROUNDOFF * Math.abs(r.bound);
    })
    .map((r) => ({ iteration: r.iteration, ratio: r.mean / r.bound, excess: r.mean - r.bound }));
  if (defined.length === 0) return { holds: true, checked: 0, failures, text: 'not checked (the bound is undefined)' };
  const first = defined[0].iteration;
  const last = defined[defined.length - 1].iteration;
  if (failures.length === 0) {
    return { holds: true, checked: defined.length, failures, text: `holds everywhere (k = ${first}…${last})` };
  }
  const worst = failures.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const by = Number.isFinite(worst.ratio)
    ? `${worst.ratio.toPrecision(3)}× the bound`
    : `${worst.excess.toPrecision(3)}`;
  return {
    holds: false,
    checked: defined.length,
    failures,
    text: `fails at iterations ${ranges(failures.map((f) => f.iteration))} by up to ${by} (k = ${worst.iteration})`,
  };
}
