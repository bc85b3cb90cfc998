import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { DistributionCode, sampleDistribution } from '../../src/stragglers/distribution.js';

/** The `case` labels of `sample_distribution` in shaders/trials/common.wgsl. */
function wgslCases(): string[] {
  const wgsl = readFileSync(join(packageRoot(), 'shaders', 'trials', 'common.wgsl'), 'utf8');
  const start = wgsl.indexOf('fn sample_distribution(');
  expect(start, 'sample_distribution in shaders/trials/common.wgsl').toBeGreaterThanOrEqual(0);
  const body = wgsl.slice(start, wgsl.indexOf('\n}\n', start));
  return [...body.matchAll(/case ([A-Z_, ]+):/g)].flatMap((m) => m[1].split(',').map((s) => s.trim()));
}

/**
 * Every chunk-time / speed-factor family (src/stragglers/distribution.ts `DistributionCode`) is sampled by both
 * twins: a `case DIST_<NAME>` of its own in the WGSL `sample_distribution` (whose `default` is unreachable, so a
 * family without a case would silently sample 0 on the GPU) and a branch of `sampleDistribution` in TypeScript.
 */
describe('chunk-time distribution families', () => {
  it('each has its own case in the WGSL sampler, and the sampler has no other cases', () => {
    const cases = wgslCases();
    const expected = Object.keys(DistributionCode).map((name) => `DIST_${name.replace(/-/g, '_').toUpperCase()}`);
    expect([...cases].sort()).toEqual([...expected].sort());
  });

  it('each is sampled by the TypeScript twin (finite, positive at u = 1/2 with a = 1, b = 2)', () => {
    for (const [name, code] of Object.entries(DistributionCode)) {
      const x = sampleDistribution(code, 1, 2, 0.5);
      expect(Number.isFinite(x) && x > 0, name).toBe(true);
    }
    expect(() => sampleDistribution(99, 1, 1, 0.5)).toThrow(/unknown distribution code 99/);
  });
});
