import type { TrainResult } from '../run/run-training.js';

const g = (v: number, digits = 4) => (Number.isFinite(v) ? v.toPrecision(digits) : String(v));

/**
 * A readable report of a training run: the problem and its constants (μ, L, L′, σ² of Glasgow & Wootters Prop. VI.1),
 * per scheme the final mean and CI of f − f*, ‖x − x*‖², the mean relative gradient error and the simulated wall
 * clock, each bound's verdict with whether it is the paper's statement or our derivation, and the
 * message-versus-coefficient path differences.
 */
export function formatTrainReport(result: TrainResult): string {
  const K = result.iterations;
  const c = result.constants;
  const lines: string[] = [];
  lines.push(
    `${result.name}: ${result.dataset.name} (n = ${result.dataset.n}, d = ${result.dataset.d}), ${result.problem.loss} ` +
      `(${result.problem.form} form, λ = ${result.problem.lambda}), m = ${result.problem.m} chunks; ` +
      `${result.runs} runs × ${K} iterations on ${result.backend}`,
  );
  lines.push(
    `constants: μ = ${g(c.mu)}, L = ${g(c.L)}, L′ = ${g(c.Lprime)}, σ² = ${g(c.sigma2)}, f* = ${g(c.fStar, 8)} ` +
      `(eigenvalues: ${c.eigenMethod}; x* by ${result.optimum.method})`,
  );
  lines.push(`data: ${result.dataset.provenance.source}; licence: ${result.dataset.provenance.licence}`);
  lines.push('');
  const level = `${Math.round(result.confidence * 100)}% CI`;
  for (const s of result.schemes) {
    const cu = s.curves;
    const ci = (curve: typeof cu.gap, k: number) => `${g(curve.mean[k])} [${g(curve.lo[k], 3)}, ${g(curve.hi[k], 3)}]`;
    lines.push(
      `${s.label} — ${s.code.name} (N = ${s.code.N}, ℓ = ${s.code.parts}), decoder ${s.decoder}, wait ${s.wait}, ` +
        `${s.optimizer}, ${s.path} path, γ₀ = ${g(s.steps[0])}`,
    );
    lines.push(
      `  k = ${K}: f − f* = ${ci(cu.gap, K)}, ‖x − x*‖² = ${ci(cu.distance, K)} (${level}); ` +
        `simulated time ${g(cu.time.mean[K])}`,
    );
    lines.push(
      `  ‖ĝ − g‖²/‖g‖² (mean over runs) at k = 0: ${g(cu.relativeGradientError.mean[0], 3)}, at k = ${K - 1}: ` +
        `${g(cu.relativeGradientError.mean[K - 1], 3)}; exact rounds ${g(100 * s.plan.exactFraction, 3)}%, ` +
        `mean received ${g(s.plan.meanReceived, 3)}/${s.code.N}, max ‖α − 1‖² = ${g(s.plan.maxAlphaError)}` +
        (s.plan.censored ? `, ${s.plan.censored} censored rounds` : ''),
    );
    for (const b of s.bounds) {
      const who = b.bound.derivation === 'paper' ? 'paper statement' : 'our derivation';
      const text = b.verdict ? b.verdict.text : `not applicable: ${b.bound.reason}`;
      lines.push(`  bound ${b.bound.name} (${who}): ${text}`);
      if (b.verdict && b.bound.reason) lines.push(`    note: ${b.bound.reason}`);
    }
    lines.push(`  time: plan ${g(s.planSeconds, 3)} s, descent ${g(s.descentSeconds, 3)} s`);
  }
  if (result.pathComparisons.length > 0) {
    lines.push('');
    lines.push('message path vs coefficient path (same straggler draws):');
    for (const p of result.pathComparisons) {
      lines.push(
        `  ${p.label}: max ‖x_K^msg − x_K^coef‖² = ${g(p.maxFinalDifference, 3)} ` +
          `(relative to ‖x_K − x*‖²: ${g(p.maxRelativeFinalDifference, 3)}); mean ‖ĝ − g‖²/‖g‖² ` +
          `coefficient ${g(p.coefficientRelativeError, 3)}, message ${g(p.messageRelativeError, 3)}`,
      );
    }
  }
  lines.push('');
  lines.push(`total ${g(result.seconds, 3)} s`);
  return `${lines.join('\n')}\n`;
}

/** The result as JSON-ready data (typed arrays become arrays; non-finite numbers become null). */
export function trainResultJson(result: TrainResult): unknown {
  return JSON.parse(
    JSON.stringify(result, (_key, value) => {
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as Float64Array);
      return value;
    }),
  );
}
