import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCodeSpec } from '../../src/codes/spec.js';
import type { GradientCode } from '../../src/codes/types.js';
import { replicationGroups } from '../../src/decoders/erasure.js';
import { type DecoderName, decode, decoderNames, decoders, streamingForms } from '../../src/decoders/registry.js';
import { packageRoot } from '../../src/package-root.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import { curveCodes } from '../../src/trials/gpu/constants.js';
import { DECODER_CASES } from './decoder-cases.js';

/**
 * The decoder table (src/decoders/registry.ts): every entry carries a streaming form whose f64 twin gives the batch
 * decoder's error on every arrival prefix, and whose WGSL curve code is unique and handled by the kernel. The WebGPU
 * side runs in decoder-table.gpu.test.ts.
 */
describe('decoder table', () => {
  it('has a test cell for every registered decoder', () => {
    expect(Object.keys(DECODER_CASES).sort()).toEqual([...decoderNames].sort());
  });

  it('is what the training spec reference lists (docs/train.md, the `decoder` key)', () => {
    const doc = readFileSync(join(packageRoot(), 'docs', 'train.md'), 'utf8');
    const row = doc.split('\n').find((line) => line.startsWith('| `decoder` |')) ?? '';
    const listed = [...row.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]).slice(1);
    expect(new Set(listed)).toEqual(new Set(decoderNames));
  });

  it('gives every streaming form its own WGSL curve code, and the kernel a case for each', () => {
    const wgsl = readFileSync(join(packageRoot(), 'shaders', 'trials', 'original.wgsl'), 'utf8');
    const codes = curveCodes();
    for (const form of streamingForms()) {
      expect(form.gpu.code, form.kind).toBeGreaterThan(0);
      const constant = `CURVE_${form.kind.replace(/-/g, '_').toUpperCase()}`;
      expect(codes[form.kind]).toBe(form.gpu.code);
      expect(wgsl.includes(constant), `${constant} in shaders/trials/original.wgsl`).toBe(true);
    }
    expect(new Set(Object.values(codes)).size).toBe(Object.keys(codes).length);
  });

  it('streams the batch decoder’s error for every arrival prefix (exact: the optimal error, its curve)', () => {
    const rng = new PhiloxStream(5, 255);
    const cases: [DecoderName, GradientCode][] = [
      ...decoderNames.map((name): [DecoderName, GradientCode] => [name, parseCodeSpec(DECODER_CASES[name].code)]),
      ['fixed', parseCodeSpec('graph:petersen')],
      ['optimal', parseCodeSpec('crc:N=9,s=3,seed=2')],
      ['graph', parseCodeSpec('graph:random-regular:n=16,d=3,seed=9')],
      ['graph', parseCodeSpec('graph:margulis:n=9')],
      ['graph', parseCodeSpec('graph:cycle:n=7')],
    ];
    for (const [name, code] of cases) {
      const streaming = decoders[name].stream.create(code, { rankTolerance: 1e-10 });
      // The graph decoder's weights are one optimal choice and the exact decoder's curve is the residual: both
      // stream the optimal error.
      const reference = decoders[name].stream.optimal ? 'optimal' : name;
      for (let rep = 0; rep < 10; rep++) {
        const order = Array.from({ length: code.N }, (_, j) => j);
        rng.shuffle(order);
        streaming.reset();
        const survivors = new Uint8Array(code.N);
        for (let a = 0; a < order.length; a++) {
          streaming.add(order[a]);
          survivors[order[a]] = 1;
          if (a % 2 === 1 || a === order.length - 1) {
            const batch = decode(code, reference, { survivors, arrivalOrder: order.slice(0, a + 1) });
            expect(streaming.error(), `${name} on ${code.name} after ${a + 1} arrivals`).toBeCloseTo(batch.error, 8);
          }
        }
      }
    }
  });
});

/**
 * The properties a decoder declares in the registry (what the adversarial search, the training plan and the bound
 * checks read instead of decoder names) hold for exactly the decoders that declare them, by exhaustive enumeration
 * on small codes; each check has decoders it fails for.
 */
describe('declared decoder properties', () => {
  /** The decoders that accept this code (their `check` passes with the given request). */
  function applicable(code: GradientCode, p?: number[]): DecoderName[] {
    return decoderNames.filter((name) => {
      try {
        decoders[name].check(code, p ? { survivors: new Uint8Array(code.N), p } : undefined);
        return true;
      } catch {
        return false;
      }
    });
  }

  it('unbiasedEstimate: E[α] = 1 over all 2^N survivor sets exactly for the decoders that declare it', () => {
    const p = [0.1, 0.2, 0.3, 0.15, 0.25, 0.1];
    const code = parseCodeSpec(`heterogeneous:scheme=II,p=[${p.join(',')}]`);
    const names = applicable(code, p);
    expect(names.filter((n) => decoders[n].unbiasedEstimate)).toContain('unbiased');
    expect(names.length).toBeGreaterThan(2);
    for (const name of names) {
      const mean = new Float64Array(code.m);
      for (let mask = 0; mask < 2 ** code.N; mask++) {
        const survivors = new Uint8Array(code.N);
        let probability = 1;
        for (let j = 0; j < code.N; j++) {
          survivors[j] = (mask >> j) & 1;
          probability *= survivors[j] ? 1 - p[j] : p[j];
        }
        const { alpha } = decode(code, name, { survivors, p });
        for (let i = 0; i < code.m; i++) mean[i] += probability * alpha[i];
      }
      const bias = Math.max(...Array.from(mean, (v) => Math.abs(v - 1)));
      if (decoders[name].unbiasedEstimate) expect(bias, name).toBeLessThan(1e-12);
      else expect(bias, name).toBeGreaterThan(1e-3);
    }
  });

  it('allOrNothing: an undecodable set gives w = 0 and error m·ℓ exactly for the decoders that declare it', () => {
    const code = parseCodeSpec('cyclic:N=6,s=1');
    const survivors = Uint8Array.from([0, 0, 1, 1, 1, 1]);
    const names = applicable(code);
    expect(names.filter((n) => decoders[n].allOrNothing)).toContain('exact');
    for (const name of names) {
      const result = decode(code, name, { survivors });
      const nothing = result.weights.every((w) => w === 0) && result.error === code.m * code.parts;
      expect(nothing, name).toBe(decoders[name].allOrNothing === true);
    }
  });

  it('needsProbabilities: check without p fails on field p exactly for the decoders that declare it', () => {
    const code = parseCodeSpec('frc:N=6,s=1');
    for (const name of decoderNames) {
      let field: string | undefined;
      try {
        decoders[name].check(code);
      } catch (error) {
        field = (error as { field?: string }).field;
      }
      expect(field === 'p', name).toBe(decoders[name].needsProbabilities === true);
    }
  });

  it('usesReplicationGroups: the first survivor of each replication group weighted, exactly for those that declare it', () => {
    const codes = [parseCodeSpec('frc:N=6,s=1'), parseCodeSpec('cyclic:N=6,s=1')];
    const p = new Array(6).fill(0.1);
    const names = applicable(codes[0], p).filter((n) => applicable(codes[1], p).includes(n));
    expect(names.filter((n) => decoders[n].usesReplicationGroups)).toContain('erasure');
    expect(names.length).toBeGreaterThan(2);
    for (const name of names) {
      let holds = true;
      for (const code of codes) {
        const group = replicationGroups(code);
        for (let mask = 1; mask < 2 ** code.N; mask++) {
          const survivors = Uint8Array.from({ length: code.N }, (_, j) => (mask >> j) & 1);
          const { weights } = decode(code, name, { survivors, p });
          const seen = new Set<number>();
          for (let j = 0; j < code.N; j++) {
            const first = survivors[j] === 1 && !seen.has(group[j]);
            if (first) seen.add(group[j]);
            if ((weights[j] !== 0) !== first) holds = false;
          }
        }
      }
      expect(holds, name).toBe(decoders[name].usesReplicationGroups === true);
    }
  });
});
