import { InputError } from '../errors.js';
import { checkLimit, formatLimitNumber, LIMITS } from '../limits/limits.js';
import type { Distribution } from './distribution.js';
import type { StragglerModel } from './model.js';

/** −ln(2⁻²⁴): the largest value of −ln(1 − u) for the 24-bit uniforms u every draw is made from. */
const MAX_LOG_TERM = 24 * Math.LN2;

/** The largest draw of a distribution sampled by inversion from a 24-bit uniform (src/stragglers/distribution.ts). */
export function largestDraw(d: Distribution): number {
  switch (d.dist) {
    case 'deterministic':
      return d.value;
    case 'uniform':
      return d.hi;
    case 'exponential':
      return MAX_LOG_TERM / d.rate;
    case 'shifted-exponential':
      return d.shift + MAX_LOG_TERM / d.rate;
    case 'pareto':
      return d.scale * 2 ** (24 / d.shape);
    case 'weibull':
      return d.scale * MAX_LOG_TERM ** (1 / d.shape);
  }
}

/** The distribution's time scale (its value, upper end, mean of the exponential part, or scale). */
function timeScale(d: Distribution): number {
  switch (d.dist) {
    case 'deterministic':
      return d.value;
    case 'uniform':
      return d.hi;
    case 'exponential':
      return 1 / d.rate;
    case 'shifted-exponential':
      return d.shift + 1 / d.rate;
    case 'pareto':
    case 'weibull':
      return d.scale;
  }
}

const finite = (f: number | 'inf' | undefined) => (f === undefined || f === 'inf' ? 1 : f);

/**
 * Refuses a straggler model whose finite times leave the range both backends represent (issue 15, item 9): the
 * largest possible finishing time — the chunk-time distribution's largest draw × the largest finite worker factor
 * (speed × slow × fixed set × bursty) × `maxLoad` chunks — must stay at most limits.timeMax (f32 kernels mark "never"
 * as 3·10³⁸, so larger finite times would be reported as censoring), and the chunk-time scale at least
 * limits.timeScaleMin (f32 times would underflow). A factor meant as "never finishes" is written `inf`.
 * `field` is the model's path, e.g. `cells[0].stragglers`.
 */
export function checkTimeRange(model: StragglerModel, maxLoad: number, field: string): void {
  const chunk = model.chunkTime;
  checkLimit('timeScaleMin', timeScale(chunk), `${field}.chunkTime`, 'the chunk-time scale');
  let speed = 1;
  if (Array.isArray(model.speed)) speed = Math.max(...model.speed);
  else if (model.speed) speed = largestDraw(model.speed);
  const factors: [string, number][] = [
    ['speed', speed],
    ['slow.factor', finite(model.slow?.factor)],
    ['fixedSet.factor', finite(model.fixedSet?.factor)],
    ['bursty.factor', finite(model.bursty?.factor)],
  ];
  const draw = largestDraw(chunk);
  const largest = factors.reduce((t, [, f]) => t * f, draw * Math.max(1, maxLoad));
  if (largest <= LIMITS.timeMax.value) return;
  // Name the part that makes the time too large: the biggest of the distribution's draw and the factors.
  const [culprit] = [['chunkTime', draw] as [string, number], ...factors].reduce((a, b) => (b[1] > a[1] ? b : a));
  throw new InputError(
    `${field}.${culprit}`,
    `the largest possible finishing time (largest chunk time ${formatLimitNumber(draw)} × worker factors × ` +
      `${maxLoad} chunks per worker) is ${formatLimitNumber(largest)}, above the limit of ` +
      `${formatLimitNumber(LIMITS.timeMax.value)} (limits.timeMax); such times cannot be told from "never" in f32 ` +
      '(write factor: inf for workers that never finish)',
  );
}
