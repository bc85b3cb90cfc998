/**
 * The layer rules of .dependency-cruiser.cjs (run by `npm run lint`) hold for src/ and can fail: a fixture tree with a
 * deliberate upward import (codes → cli) and a deliberate type-only cycle is refused with both rules named.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../sweep/cli-helpers.js';

const depcruise = join(root, 'node_modules/.bin/depcruise');
const config = join(root, '.dependency-cruiser.cjs');

function cruise(cwd: string): { status: number | null; out: string } {
  const r = spawnSync(depcruise, ['src', '--config', config, '--output-type', 'err'], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('layer rules', () => {
  it('src/ has no upward import and no cycle', () => {
    const r = cruise(root);
    expect(r.out).toMatch(/no dependency violations found/);
    expect(r.status).toBe(0);
  });

  it('a deliberate upward import and a type-only cycle are refused', () => {
    const r = cruise(join(root, 'test/fixtures/layers'));
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/no-upward-from-codes: src\/codes\/upward\.ts → src\/cli\/main\.ts/);
    expect(r.out).toMatch(/no-circular: src\/store\/(a|b)\.ts/);
    expect(r.out).toMatch(/2 dependency violations/);
  });
});
