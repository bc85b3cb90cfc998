import type { Check } from './types.js';
import { intervalName, judgedChecks } from './verdict.js';

/**
 * Why a `--quick` run's verdict may differ from the full run's (empty: it cannot, up to the intervals' error
 * probability). Quick trials are the first trials of the full run (same seeds and Philox counters), so an exact check
 * gives the same value and a Monte-Carlo check whose interval lies wholly on one side of its criterion keeps its
 * verdict with more trials. Quick is only indicative where a judged Monte-Carlo interval straddles its criterion, where
 * quick measures a different statistic (coded GD with fewer iterations), or where the entry says so itself (e.g. a
 * band edge not resolved).
 */
export function quickIndicative(checks: readonly Check[], entryReasons: readonly string[] = []): string[] {
  const reasons: string[] = [];
  for (const c of judgedChecks(checks)) {
    if (c.quickCaveat !== null) reasons.push(`${c.name}: ${c.quickCaveat}`);
    else if (c.method === 'monte-carlo' && !c.resolved) {
      reasons.push(`${c.name}: the ${intervalName(c.level)} straddles the criterion at quick trial counts`);
    }
  }
  return [...reasons, ...entryReasons];
}
