/** The table `gradcode run` prints: sweep axes as columns, the protocol when a label hides it, 3-digit errors. */
import { describe, expect, it } from 'vitest';
import type { AxisColumn } from '../../src/store/axis-columns.js';
import type { CellRecord } from '../../src/store/cell-record.js';
import { formatResultsTable } from '../../src/sweep/results-table.js';

const summary = (mean: number) => ({
  n: 10,
  mean,
  std: 1,
  se: 0.1,
  ciLo: mean - 0.2,
  ciHi: mean + 0.2,
  min: 0,
  max: 9,
});

function record(index: number, label: string | null, protocol: string, factor: number, lastError: number): CellRecord {
  return {
    index,
    label,
    scheme: label ?? `crc:N=8,s=2,seed=0 · ${protocol} · natural`,
    code: 'crc:N=8,s=2,seed=0',
    protocol,
    axes: { 'stragglers.slow.factor': factor },
    stats: {
      trials: 10,
      censored: 0,
      completion: { ...summary(4), p50: 4, p90: 5, p99: 6, quantilesExact: true },
      errors: [
        { T: 1, error: summary(1), decodable: 0, decodableLo: 0, decodableHi: 0 },
        { T: Number.POSITIVE_INFINITY, error: summary(lastError), decodable: 0, decodableLo: 0, decodableHi: 0 },
      ],
    },
  } as unknown as CellRecord;
}

const factor: AxisColumn = { path: 'stragglers.slow.factor', column: 'stragglers_slow_factor', type: 'INT32' };

describe('formatResultsTable', () => {
  it('shows every sweep axis, so cells that differ only by an axis do not look alike', () => {
    const text = formatResultsTable([record(0, null, 'partial', 2, 0), record(1, null, 'partial', 8, 0)], [factor]);
    const [header, a, b] = text.split('\n');
    expect(header).toMatch(/^cell\s+stragglers\.slow\.factor\s+scheme/);
    expect(a).toMatch(/^0\s+2\s+crc/);
    expect(b).toMatch(/^1\s+8\s+crc/);
  });

  it('shows the protocol when a label hides it', () => {
    const text = formatResultsTable([record(0, 'fast', 'partial', 2, 0), record(1, 'slow', 'original', 2, 0)]);
    expect(text.split('\n')[0]).toContain('protocol');
    expect(text).toMatch(/fast\s+partial/);
    expect(text).toMatch(/slow\s+original/);
  });

  it('prints errors with three significant digits (1.0189 at T = ∞ is 1.02@∞, not 1@∞)', () => {
    const text = formatResultsTable([record(0, null, 'partial', 2, 1.0189)]);
    expect(text).toContain('1.02@∞');
    expect(text).not.toContain('→ 1@∞');
  });
});
