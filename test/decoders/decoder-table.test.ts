import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCodeSpec } from '../../src/codes/spec.js';
import type { GradientCode } from '../../src/codes/types.js';
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
