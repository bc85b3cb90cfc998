import type { GradientCode } from '../../src/codes/types.js';
import { type ProtocolChoice, planRound } from '../../src/protocols/round-plan.js';
import { naturalSchedule } from '../../src/protocols/schedule.js';
import { StragglerModelSchema } from '../../src/stragglers/model.js';
import { resolveStragglerModel } from '../../src/stragglers/resolve.js';
import type { TrialCell } from '../../src/trials/cell.js';

/**
 * A trial cell built by hand for protocol and engine tests: `code` in its natural order, `stragglers` validated and
 * resolved as a spec would be, the round planned as `resolveCell` plans it.
 */
export function naturalCell(
  code: GradientCode,
  stragglers: unknown,
  protocol: ProtocolChoice,
  grid: readonly number[],
  options: { trials?: number; seed?: number; index?: number; normalize?: boolean } = {},
): TrialCell {
  return {
    index: options.index ?? 0,
    seed: options.seed ?? 1,
    schedule: naturalSchedule(code),
    stragglers: resolveStragglerModel(StragglerModelSchema.parse(stragglers), code.N),
    plan: planRound(code, protocol, { errorCurve: grid.length > 0 }),
    grid: Float64Array.from(grid),
    trials: options.trials ?? 1,
    normalize: options.normalize ?? true,
  };
}
