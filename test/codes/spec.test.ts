import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_FAMILIES, findCodeFamily } from '../../src/codes/registry.js';
import { buildCode, formatCodeSpec, parseCodeSpec, resolveCodeSpec } from '../../src/codes/spec.js';
import { denseMatrix } from '../../src/codes/structure.js';
import type { GradientCode } from '../../src/codes/types.js';
import { InputError } from '../../src/errors.js';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

function sameCode(a: GradientCode, b: GradientCode): void {
  expect([a.N, a.m, a.parts]).toEqual([b.N, b.m, b.parts]);
  expect(Array.from(a.offsets)).toEqual(Array.from(b.offsets));
  expect(Array.from(a.chunks)).toEqual(Array.from(b.chunks));
  expect(Array.from(a.coefficients)).toEqual(Array.from(b.coefficients));
}

const dir = mkdtempSync(join(tmpdir(), 'gradcode-spec-'));
writeFileSync(join(dir, 'code.json'), '[[1, 1, 0], [0, 1, 1], [1, 0, 1]]');

describe('family registry and code specs', () => {
  it('every family has a unique id, documented parameters and an example that builds and round-trips', () => {
    const ids = new Set<string>();
    for (const family of CODE_FAMILIES) {
      expect(ids.has(family.id)).toBe(false);
      ids.add(family.id);
      for (const p of family.params) expect(p.doc.length).toBeGreaterThan(0);
      const options = { baseDir: dir };
      const resolved = resolveCodeSpec(family.example, options);
      expect(resolved.family).toBe(family.id);
      const code = buildCode(family.example, options);
      const again = resolveCodeSpec(formatCodeSpec(resolved), options);
      expect(again).toEqual(resolved);
      sameCode(buildCode(formatCodeSpec(resolved), options), code);
    }
    expect(ids.size).toBeGreaterThanOrEqual(24);
  });

  it('compact strings from the issue build the expected codes', () => {
    expect(parseCodeSpec('frc:N=12,s=3').recovery.kind).toBe('groups');
    const crc = parseCodeSpec('crc:N=10,s=3,seed=1');
    expect(crc.recovery).toEqual({ kind: 'any-k', k: 7 });
    expect(crc.meta.params.seed).toBe(1);
    expect(parseCodeSpec('bibd:pg2:q=3').meta.extra).toEqual({ kind: 'bibd', v: 13, b: 13, r: 4, k: 4, lambda: 1 });
    expect(parseCodeSpec('bibd:difference-set:n=11').meta.extra).toMatchObject({ v: 11, lambda: 2 });
    expect(parseCodeSpec('graph:petersen').N).toBe(15);
    const rr = parseCodeSpec('graph:random-regular:n=50,d=3,seed=1');
    expect([rr.N, rr.m]).toEqual([75, 50]);
    const het = parseCodeSpec('heterogeneous:scheme=I', { p: [0.1, 0.2, 0.3, 0.4] });
    expect(het.meta.extra?.kind === 'heterogeneous' && het.meta.extra.objective).toBeCloseTo(96 / 101, 12);
    expect(parseCodeSpec('heterogeneous:scheme=ii,p=[0.1,0.2,0.3]').name).toBe('heterogeneous:II');
    expect(parseCodeSpec('ye-abbe:N=8,s=2,parts=2,nodes=chebyshev').parts).toBe(2);
    expect(parseCodeSpec('tandon:example').N).toBe(3);
    expect(parseCodeSpec('random:regular:N=64,d=4,seed=1').offsets[64]).toBe(256);
  });

  it('shorthands: complements and products', () => {
    sameCode(parseCodeSpec('bibd:complement:pg2:q=3'), parseCodeSpec('bibd:complement:of=(bibd:pg2:q=3)'));
    sameCode(parseCodeSpec('bibd:complement:fano'), parseCodeSpec('bibd:complement:bibd:fano'));
    expect(parseCodeSpec('bibd:complement:fano').meta.extra).toMatchObject({ k: 4, lambda: 2 });
    const p = parseCodeSpec('product:(bibd:fano)x(frc:N=4,s=1)');
    sameCode(p, parseCodeSpec('product:left=(bibd:fano),right=(frc:N=4,s=1)'));
    expect([p.N, p.m]).toEqual([28, 28]);
    const triple = parseCodeSpec('product:(frc:N=2,s=1)x(frc:N=2,s=1)x(bibd:fano)');
    expect([triple.N, triple.m]).toEqual([28, 28]);
    const nested = parseCodeSpec('bibd:complement:complement:fano');
    sameCode(nested, parseCodeSpec('bibd:fano'));
  });

  it('structured objects use the same schema (numbers or strings), nested codes as strings or objects', () => {
    sameCode(buildCode({ family: 'frc', N: 12, s: 3 }), parseCodeSpec('frc:N=12,s=3'));
    sameCode(buildCode({ family: 'crc', N: '10', s: 3, seed: 1 }), parseCodeSpec('crc:N=10,s=3,seed=1'));
    sameCode(
      buildCode({ family: 'product', left: 'bibd:fano', right: { family: 'bibd:pg2', q: 2 } }),
      parseCodeSpec('product:(bibd:fano)x(bibd:pg2:q=2)'),
    );
    sameCode(buildCode({ family: 'nested', N: 8, s: [3, 1] }), parseCodeSpec('nested:N=8,s=[3,1]'));
    sameCode(parseCodeSpec('{"family": "frc", "N": 6, "s": 1}'), parseCodeSpec('frc:N=6,s=1'));
    expect(resolveCodeSpec({ family: 'frc', N: 12, s: 3 })).toEqual({
      family: 'frc',
      params: { N: 12, s: 3, layout: 'consecutive' },
    });
  });

  it('options: --seed default and --p; a spec value wins over options', () => {
    sameCode(parseCodeSpec('crc:N=6,s=2', { seed: 7 }), parseCodeSpec('crc:N=6,s=2,seed=7'));
    sameCode(parseCodeSpec('crc:N=6,s=2,seed=3', { seed: 7 }), parseCodeSpec('crc:N=6,s=2,seed=3'));
    expect(resolveCodeSpec('crc:N=6,s=2').params.seed).toBe(0);
    const a = parseCodeSpec('heterogeneous:scheme=I,p=[0.5,0.5]', { p: [0.1, 0.2, 0.3] });
    expect(a.N).toBe(2);
  });

  it('custom files through the registry, relative to baseDir', () => {
    const code = parseCodeSpec('file:path=code.json', { baseDir: dir });
    expect(Array.from(denseMatrix(code))).toEqual([1, 1, 0, 0, 1, 1, 1, 0, 1]);
  });

  it('bad input: unknown family, variant, parameter; bad values; construction errors — all name the field', () => {
    const cases: [string, string, RegExp, { p?: number[] }?][] = [
      ['foo:N=3', 'family', /unknown code family 'foo'; valid: .*frc/],
      ['bibd', 'family', /needs a variant; valid: bibd:fano/],
      ['graph:star:n=4', 'family', /unknown variant 'graph:star'; valid: graph:petersen/],
      ['frc:N=12,x=1', 'x', /unknown parameter 'x' for frc; valid: N, s, layout/],
      ['frc:N=12', 's', /missing/],
      ['frc:N=12,s=4', 's', /\(s \+ 1\) \| N/],
      ['frc:N=4,s=4', 's', /< N/],
      ['frc:N=12,s=1.5', 's', /integer/],
      ['frc:N=abc,s=1', 'N', /number/],
      ['frc:N=12,s=2,s=3', 's', /given twice/],
      ['frc:N=12,s=2,layout=diagonal', 'layout', /valid: consecutive, interleaved/],
      ['crc:N=5,s=-1', 's', /≥ 0/],
      ['bibd:pg2:q=4', 'q', /prime/],
      ['bibd:paley:q=13', 'q', /3 \(mod 4\)/],
      ['heterogeneous:scheme=I', 'p', /--p/],
      ['heterogeneous:scheme=I,p=[0.2,1.5]', 'p[1]', /\(0, 1\)/],
      ['heterogeneous:scheme=I,p=[0.2,x]', 'p[1]', /number/],
      ['bibd:complement:frc:N=4,s=1', 'of', /bibd:\* family/],
      ['product:(bibd:fano)', 'product', /two factors/],
      ['product:(bibd:fano)x(foo)', 'right.family', /unknown code family/],
      ['product:(bibd:fano)x(frc:N=4,s=2)', 'right.s', /\(s \+ 1\) \| N/],
      ['nested:N=8,s=[3,x]', 's[1]', /number/],
      ['frc:(N=12', 'code', /unbalanced/],
      ['frc:N', 'N', /name=value/],
      ['', 'family', /empty/],
      [
        'file:path=/nonexistent/x.json',
        'path',
        /^path: \/nonexistent\/x\.json: cannot read the code file: no such file/,
      ],
    ];
    for (const [spec, field, pattern] of cases) {
      const e = inputError(() => parseCodeSpec(spec));
      expect(e.field, spec).toBe(field);
      expect(e.message, spec).toMatch(pattern);
    }
    expect(inputError(() => buildCode({ family: 'frc', N: 12, s: 3, q: 1 })).field).toBe('q');
    expect(inputError(() => buildCode({ N: 12 } as never)).field).toBe('family');
  });

  it('a field prefix is applied to every error, including construction errors', () => {
    const opts = { field: 'cells[2].code' };
    expect(inputError(() => parseCodeSpec('frc:N=12,s=4', opts)).field).toBe('cells[2].code.s');
    expect(inputError(() => parseCodeSpec('frc:N=12,t=4', opts)).field).toBe('cells[2].code.t');
    expect(inputError(() => parseCodeSpec('nope', opts)).field).toBe('cells[2].code.family');
    expect(inputError(() => buildCode({ family: 'bibd:pg2', q: 6 }, opts)).field).toBe('cells[2].code.q');
    expect(inputError(() => parseCodeSpec('product:(bibd:fano)x(bibd:pg2:q=4)', opts)).field).toBe(
      'cells[2].code.right.q',
    );
  });

  it('findCodeFamily exposes the schema a sweep can vary', () => {
    const frc = findCodeFamily('frc');
    expect(frc?.params.map((p) => p.name)).toEqual(['N', 's', 'layout']);
    expect(findCodeFamily('graph:random-regular')?.params.map((p) => p.name)).toEqual(['n', 'd', 'seed', 'code']);
    expect(findCodeFamily('nope')).toBeUndefined();
  });
});
