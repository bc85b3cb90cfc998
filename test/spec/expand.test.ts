import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { SpecSchema } from '../../src/spec/cell-schema.js';
import { expandSpec } from '../../src/spec/expand.js';
import { resolveCell } from '../../src/trials/resolve-cell.js';

const parse = (x: unknown) => SpecSchema.parse(x);

describe('expandSpec', () => {
  it('crosses grid axes, advances zip axes together and merges cells over defaults', () => {
    const cells = expandSpec(
      parse({
        seed: 7,
        defaults: { code: 'cyclic:N=10,s=2', trials: 100, stragglers: { chunkTime: { dist: 'exponential', rate: 2 } } },
        cells: [{ protocol: 'partial' }, { protocol: 'original', code: 'crc:N=10,s=2' }],
        sweep: {
          grid: { 'stragglers.failures.p': [0, 0.1] },
          zip: { trials: [100, 200, 300], normalize: [true, false, true] },
        },
      }),
    );
    expect(cells.length).toBe(2 * 2 * 3);
    expect(cells[0].spec.protocol).toBe('partial');
    expect(cells[0].spec.seed).toBe(7);
    expect(cells[0].spec.stragglers.chunkTime).toEqual({ dist: 'exponential', rate: 2 });
    expect(cells.map((c) => c.spec.trials).slice(0, 6)).toEqual([100, 200, 300, 100, 200, 300]);
    expect(cells[1].spec.normalize).toBe(false);
    expect(cells[3].axes).toEqual({ 'stragglers.failures.p': 0.1, trials: 100, normalize: true });
    expect(cells[6].spec.code).toBe('crc:N=10,s=2');
    expect(cells.map((c) => c.index)).toEqual([...Array(12).keys()]);
  });

  it('sets parameters inside compact code strings', () => {
    const cells = expandSpec(parse({ defaults: { code: 'frc:N=12,s=2' }, sweep: { grid: { 'code.s': [1, 2, 3] } } }));
    expect(cells.map((c) => c.spec.code)).toEqual([
      { family: 'frc', N: 12, s: 1, layout: 'consecutive' },
      { family: 'frc', N: 12, s: 2, layout: 'consecutive' },
      { family: 'frc', N: 12, s: 3, layout: 'consecutive' },
    ]);
  });

  it('names the field and the sweep cell on bad input', () => {
    const bad = (spec: unknown) => {
      try {
        expandSpec(parse(spec));
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).message;
      }
      throw new Error('expected an InputError');
    };
    expect(bad({ defaults: { code: 'frc:N=12,s=2', trials: 0 } })).toMatch(/^defaults\.trials:/);
    expect(bad({ cells: [{ code: 'frc:N=12,s=2', protocl: 'partial' }] })).toMatch(/cells\[0\]\.protocl: unknown key/);
    expect(bad({ defaults: { code: 'frc:N=12,s=2' }, sweep: { grid: { trials: [10, -1] } } })).toMatch(
      /defaults\.trials: .*sweep cell 1: trials=-1/,
    );
    expect(bad({ defaults: { code: 'x' }, sweep: { zip: { trials: [1, 2], seed: [1] } } })).toMatch(
      /zip axes advance together/,
    );
    expect(bad({ defaults: { code: 'x' }, sweep: { grid: { colour: [1] } } })).toMatch(/"colour" is not a cell key/);
    expect(bad({ defaults: { code: 'frc:N=12,s=2', tGrid: [] } })).toMatch(/tGrid/);
  });
});

describe('resolveCell', () => {
  const resolve = (cell: Record<string, unknown>) => {
    const [c] = expandSpec(parse({ defaults: cell }));
    return resolveCell(c.spec, { field: 'defaults', index: 0 });
  };

  it('builds the code, order, model, protocol and grid', () => {
    const cell = resolve({
      code: 'random:regular:N=12,d=3,seed=4',
      order: 'optimal',
      protocol: 'partial',
      parts: 2,
      tGrid: { from: 0, to: 10, points: 6 },
      stragglers: { chunkTime: { dist: 'deterministic', value: 1 }, failures: { p: 0.1 } },
    });
    expect(cell.plan).toMatchObject({ protocol: 'partial', parts: 2, stop: { kind: 'per-chunk', parts: 2 } });
    expect([...cell.grid]).toEqual([0, 2, 4, 6, 8, 10]);
    expect(cell.schedule.code.N).toBe(12);
    expect(cell.stragglers.failureThresholds?.length).toBe(12);
  });

  it('gives cells that differ only in protocol the same counter word (common random numbers)', () => {
    const a = resolve({ code: 'cyclic:N=10,s=2', protocol: 'partial' });
    const b = resolve({ code: 'crc:N=10,s=2', protocol: 'original' });
    const c = resolve({ code: 'crc:N=10,s=2', protocol: 'original', stragglers: { failures: { p: 0.2 } } });
    expect(a.index).toBe(b.index);
    expect(c.index).not.toBe(b.index);
  });

  it('rejects protocol/code mismatches with the field named', () => {
    expect(() => resolve({ code: 'cyclic:N=10,s=2', protocol: 'original', parts: 2 })).toThrow(/defaults\.parts/);
    expect(() => resolve({ code: 'ye-abbe:N=10,s=2,parts=2', protocol: 'original', decoder: 'fixed' })).toThrow(
      InputError,
    );
    expect(() => resolve({ code: 'cyclic:N=10,s=2', protocol: 'erasure' })).toThrow(/defaults\.protocol/);
    expect(() => resolve({ code: 'frc:N=10,s=1', protocol: 'erasure', collect: 11 })).toThrow(/defaults\.collect/);
    expect(() => resolve({ code: 'frc:N=10,s=2' })).toThrow(/defaults\.code/);
    expect(() => resolve({ code: 'cyclic:N=10,s=2', decoder: 'magic' })).toThrow(/defaults\.decoder/);
    expect(() => resolve({ code: 'cyclic:N=10,s=2', tGrid: [3, 2] })).toThrow(/defaults\.tGrid\[1\]/);
  });
});
