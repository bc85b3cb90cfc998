import type { Distribution } from '../stragglers/distribution.js';
import type { StragglerModel } from '../stragglers/model.js';
import { fmt } from './numbers.js';

/** A chunk-time distribution in words, e.g. "Exp(1)", "1 + Exp(1)", "Pareto(1, 2)". */
export function distributionName(d: Distribution): string {
  switch (d.dist) {
    case 'deterministic':
      return `${fmt(d.value)} (fixed)`;
    case 'uniform':
      return `U(${fmt(d.lo)}, ${fmt(d.hi)})`;
    case 'exponential':
      return `Exp(${fmt(d.rate)})`;
    case 'shifted-exponential':
      return `${fmt(d.shift)} + Exp(${fmt(d.rate)})`;
    case 'pareto':
      return `Pareto(${fmt(d.scale)}, ${fmt(d.shape)})`;
    case 'weibull':
      return `Weibull(${fmt(d.scale)}, ${fmt(d.shape)})`;
  }
}

/**
 * A straggler and time model in words for tables and legends, short enough for a legend: the chunk-time
 * distribution, then the slowdowns and failures it adds, e.g. "Exp(1), 20% 5× slower".
 */
export function timeModelName(model: StragglerModel): string {
  const parts = [distributionName(model.chunkTime)];
  const factor = (f: number | 'inf') => (f === 'inf' ? 'never finish' : `${fmt(f)}× slower`);
  if (model.slow) {
    const share =
      model.slow.mode === 'exact' ? `${fmt(100 * model.slow.fraction)}%` : `each w.p. ${fmt(model.slow.fraction)}`;
    parts.push(`${share} ${factor(model.slow.factor)}`);
  }
  if (model.fixedSet) parts.push(`${model.fixedSet.s} ${model.fixedSet.mode} ${factor(model.fixedSet.factor)}`);
  if (model.failures) {
    const p = model.failures.p;
    parts.push(typeof p === 'number' ? `failures p = ${fmt(p)}` : `failures p_j (${p.length} values)`);
  }
  if (model.speed) parts.push('per-worker speeds');
  if (model.bursty) parts.push('bursty stragglers');
  if (model.trace) parts.push('trace');
  return parts.join(', ');
}
