import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellId } from '../../src/spec/cell-id.js';
import { specJsonSchema } from '../../src/spec/json-schema.js';
import { loadSpecFile, loadSpecValue } from '../../src/spec/load-spec.js';
import { applySpecOverrides, parseSeedFlag, parseTrialsFlag } from '../../src/spec/overrides.js';
import { parseSpecText } from '../../src/spec/parse-spec-text.js';
import { SPEC_PLOT_TEMPLATES } from '../../src/spec/plot-schema.js';
import { loadStoredSpec, recordSpec } from '../../src/store/resolved-spec.js';
import { planCells } from '../../src/sweep/plan.js';
import { inputError } from '../helpers/input-error.js';
import { specs, tempDir } from './cli-helpers.js';

const dir = tempDir('load-spec');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseSpecText', () => {
  it('names line and column of YAML syntax errors in one line', () => {
    const e = inputError(() => parseSpecText('name: x\nseed: 1\nseed: 2\n', 'spec.yaml', 'yaml'));
    expect(e.field).toBe('spec.yaml:3:1');
    expect(e.message).toBe('spec.yaml:3:1: YAML syntax error: Map keys must be unique');
    expect(inputError(() => parseSpecText('a:\n\tb: 1', 's.yaml', 'yaml')).field).toMatch(/^s\.yaml:2:\d+$/);
    expect(inputError(() => parseSpecText('a: *nothing', 's.yaml', 'yaml')).message).toMatch(/alias/i);
  });

  it('names line and column of JSON syntax errors', () => {
    const e = inputError(() => parseSpecText('{\n  "name": "x",\n  "seed" 1\n}', 'spec.json', 'json'));
    expect(e.field).toBe('spec.json:3:10');
    expect(e.message).toMatch(/JSON syntax error/);
  });

  it('refuses an empty file', () => {
    expect(inputError(() => parseSpecText(' \n', 'e.yaml', 'yaml')).message).toMatch(/empty/);
  });
});

describe('overrides', () => {
  const raw = {
    seed: 3,
    defaults: { code: 'frc:N=6,s=1', trials: 50, seed: 9 },
    cells: [{ trials: 70, seed: 4 }, { protocol: 'partial' }],
    sweep: { grid: { trials: [10, 20] }, zip: { seed: [1, 2] } },
  };

  it('--trials replaces every trial count and keeps the cell count', () => {
    const out = applySpecOverrides(raw, { trials: 5 }) as typeof raw;
    expect(out.defaults.trials).toBe(5);
    expect(out.cells[0].trials).toBe(5);
    expect('trials' in out.cells[1]).toBe(false);
    expect(out.sweep.grid.trials).toEqual([5, 5]);
    expect(raw.defaults.trials).toBe(50); // the input is not modified
    const loaded = loadSpecValue(raw, { source: 'x', baseDir: dir, overrides: { trials: 5 } });
    expect(loaded.cells.length).toBe(8);
    expect(loaded.cells.every((c) => c.spec.trials === 5)).toBe(true);
  });

  it('--seed replaces the top-level, defaults and per-cell seeds but keeps seed axes', () => {
    type Seeded = {
      seed?: unknown;
      defaults: { seed?: unknown };
      cells: { seed?: unknown }[];
      sweep: { zip: { seed: unknown } };
    };
    const out = applySpecOverrides(raw, { seed: '18446744073709551615' }) as Seeded;
    expect(out.seed).toBe('18446744073709551615');
    expect(out.defaults.seed).toBe('18446744073709551615');
    expect(out.cells[0].seed).toBe('18446744073709551615');
    expect(out.sweep.zip.seed).toEqual([1, 2]);
    const noTop = applySpecOverrides({ defaults: { code: 'x' } }, { seed: 5 }) as Seeded;
    expect(noTop.seed).toBe(5);
    expect('seed' in noTop.defaults).toBe(false);
  });

  it('parses the flags', () => {
    expect(parseTrialsFlag('1000')).toBe(1000);
    for (const t of ['0', '-1', '1.5', 'abc', '', '1e3']) expect(() => parseTrialsFlag(t)).toThrow(/--trials/);
    expect(parseSeedFlag('42')).toBe(42);
    expect(parseSeedFlag('9007199254740993')).toBe('9007199254740993');
    for (const s of ['-1', 'x', '18446744073709551616', '1.5']) expect(() => parseSeedFlag(s)).toThrow(/--seed/);
  });
});

describe('spec hash and stored specs', () => {
  it('ignores description and plots, and changes with anything that changes a cell', () => {
    const base = { name: 'h', defaults: { code: 'frc:N=6,s=1', trials: 10 } };
    const hash = (x: unknown) => loadSpecValue(x, { source: 'x', baseDir: dir }).specHash;
    expect(hash({ ...base, description: 'a', plots: [{ a: 1 }] })).toBe(hash(base));
    expect(hash({ ...base, seed: 2 })).not.toBe(hash(base));
    expect(hash({ ...base, name: 'g' })).not.toBe(hash(base));
    expect(hash({ ...base, defaults: { ...base.defaults, trials: 11 } })).not.toBe(hash(base));
    expect(hash({ ...base, defaults: { ...base.defaults, protocol: 'original' } })).toBe(hash(base)); // the default
  });

  it('resume re-expands the stored spec to the same cells, ids and hash', () => {
    const loaded = loadSpecFile(join(specs, 'tiny.yaml'), { trials: 123, seed: 9 });
    const out = join(dir, 'stored');
    expect(recordSpec(out, loaded)).toBe(false);
    expect(recordSpec(out, loaded)).toBe(true);
    const stored = loadStoredSpec(out);
    expect(stored.specHash).toBe(loaded.specHash);
    expect(stored.overrides).toEqual({ trials: 123, seed: 9 });
    expect(stored.cells.map((c) => cellId(c.spec))).toEqual(loaded.cells.map((c) => cellId(c.spec)));
    expect(planCells(stored).map((p) => p.cell.trials)).toEqual(Array(6).fill(123));
  });

  it('relative paths in a spec resolve against its directory', () => {
    const path = join(dir, 'trace.yaml');
    writeFileSync(
      path,
      `defaults:\n  code: "cyclic:N=6,s=2"\n  stragglers: { trace: { file: ${join(specs, 'trace-width6.csv')} } }\n`,
    );
    expect(planCells(loadSpecFile(path))[0].cell.stragglers.trace?.workers).toBe(6);
    writeFileSync(join(dir, 'trace.csv'), '1,2,3,4,5,6\n');
    writeFileSync(path, 'defaults:\n  code: "cyclic:N=6,s=2"\n  stragglers: { trace: { file: trace.csv } }\n');
    expect(planCells(loadSpecFile(path))[0].cell.stragglers.trace?.rounds).toBe(1);
  });
});

describe('specJsonSchema', () => {
  it('types cell keys under defaults and cells, rejects unknown keys, and documents them', () => {
    type Node = {
      $schema?: string;
      additionalProperties?: boolean;
      type?: string;
      enum?: unknown[];
      description?: string;
      items?: Node;
      properties: Record<string, Node>;
    };
    const s = specJsonSchema() as unknown as Node;
    expect(s.$schema).toMatch(/2020-12/);
    expect(s.additionalProperties).toBe(false);
    const cell = s.properties.defaults;
    expect(cell.additionalProperties).toBe(false);
    expect(cell.properties.protocol.enum).toEqual(['original', 'partial', 'tandon-partial', 'erasure']);
    expect(cell.properties.trials.type).toBe('integer');
    expect(cell.properties.decoder.description).toMatch(/optimal/);
    expect(s.properties.cells.items?.properties.tGrid).toBeDefined();
    expect(s.properties.sweep.properties.grid).toBeDefined();
    const plot = s.properties.plots.items!;
    expect(plot.additionalProperties).toBe(false);
    expect(plot.properties.template.enum).toEqual([...SPEC_PLOT_TEMPLATES]);
    expect(plot.properties.template.enum).toContain('completion-cdf');
  });
});
