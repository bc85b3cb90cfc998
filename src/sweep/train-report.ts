import type { StoredCurve, TrainRecord } from '../store/train-record.js';

const g = (v: number, digits = 4) => (Number.isFinite(v) ? v.toPrecision(digits) : String(v));

/** An axis value as text. */
function axisText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * A readable report of training records (issue 5's report, now read from the results directory): per run of the
 * sweep, its axis values, the problem and its constants (μ, L, L′, σ² of Glasgow & Wootters Prop. VI.1); per scheme
 * path the final mean and CI of f − f* and ‖x − x*‖², the relative gradient error, the simulated wall clock, each
 * bound's verdict with whether it is the paper's statement or our derivation, and the message-versus-coefficient
 * difference of `path: both` schemes. Records are expected in run order.
 */
export function formatTrainReport(records: readonly TrainRecord[], backend: string): string {
  const lines: string[] = [];
  const runs = [...new Set(records.map((r) => r.index))];
  for (const index of runs) {
    const group = records.filter((r) => r.index === index).sort((a, b) => a.schemeIndex - b.schemeIndex);
    const first = group[0];
    const p = first.problem;
    const c = first.constants;
    const K = p.iterations;
    const axes = Object.entries(first.axes);
    if (lines.length) lines.push('');
    if (axes.length) lines.push(`run ${index}: ${axes.map(([k, v]) => `${k} = ${axisText(v)}`).join(', ')}`);
    lines.push(
      `${p.dataset} (n = ${p.n}, d = ${p.d}), ${p.loss} (${p.form} form, λ = ${p.lambda}), m = ${p.m} chunks; ` +
        `${p.runs} runs × ${K} iterations on ${backend}`,
    );
    lines.push(
      `constants: μ = ${g(c.mu)}, L = ${g(c.L)}, L′ = ${g(c.Lprime)}, σ² = ${g(c.sigma2)}, f* = ${g(c.fStar, 8)} ` +
        `(eigenvalues: ${p.eigenMethod}; x* by ${p.optimum})`,
    );
    lines.push(`data: ${p.source}; licence: ${p.licence}`);
    const level = `${Math.round(p.confidence * 100)}% CI`;
    const ci = (curve: StoredCurve, k: number) => `${g(curve.mean[k])} [${g(curve.lo[k], 3)}, ${g(curve.hi[k], 3)}]`;
    for (const record of group) {
      for (const s of record.paths) {
        const cu = s.curves;
        lines.push(
          `${s.label} — ${s.code.name} (N = ${s.code.N}, ℓ = ${s.code.parts}), decoder ${s.decoder}, wait ${s.wait}, ` +
            `${s.optimizer}, ${s.path} path, γ₀ = ${g(s.steps[0])}`,
        );
        lines.push(
          `  k = ${K}: f − f* = ${ci(cu.gap, K)}, ‖x − x*‖² = ${ci(cu.distance, K)} (${level}); ` +
            `simulated time ${g(cu.time.mean[K])}`,
        );
        lines.push(
          `  ‖ĝ − g‖²/‖g‖² (mean over runs) at k = 0: ${g(cu.gradientError.mean[0], 3)}, at k = ${K - 1}: ` +
            `${g(cu.gradientError.mean[K - 1], 3)}; exact rounds ${g(100 * s.plan.exactFraction, 3)}%, ` +
            `mean received ${g(s.plan.meanReceived, 3)}/${s.code.N}, max ‖α − 1‖² = ${g(s.plan.maxAlphaError)}` +
            (s.plan.censored ? `, ${s.plan.censored} censored rounds` : ''),
        );
        for (const b of s.bounds) {
          const who = b.derivation === 'paper' ? 'paper statement' : 'our derivation';
          const text = b.verdict ?? `not applicable: ${b.reason}`;
          lines.push(`  bound ${b.name} (${who}): ${text}`);
          if (b.verdict && b.reason) lines.push(`    note: ${b.reason}`);
        }
      }
      const cmp = record.comparison;
      if (cmp) {
        lines.push(
          `  message path vs coefficient path (same straggler draws): max ‖x_K^msg − x_K^coef‖² = ` +
            `${g(cmp.maxFinalDifference, 3)} (relative to ‖x_K − x*‖²: ${g(cmp.maxRelativeFinalDifference, 3)}); ` +
            `mean ‖ĝ − g‖²/‖g‖² coefficient ${g(cmp.coefficientRelativeError, 3)}, message ${g(cmp.messageRelativeError, 3)}`,
        );
      }
      lines.push(`  time: ${g(record.seconds, 3)} s`);
    }
  }
  return `${lines.join('\n')}\n`;
}
