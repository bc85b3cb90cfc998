import { describe, expect, it } from 'vitest';
import { kernelByName, resolveRange, splitEvenly, splitRange } from '../../src/engine/kernel.js';
import { distributionSamplesKernel } from '../../src/engine/kernels/distribution-samples.js';
import { philoxWordsKernel } from '../../src/engine/kernels/philox-words.js';
import { Stream, seedKey } from '../../src/rng/counters.js';
import { PhiloxStream } from '../../src/rng/stream.js';

describe('work ranges', () => {
  it('split into consecutive pieces covering the range', () => {
    expect(splitRange({ start: 3, end: 10 }, 3)).toEqual([
      { start: 3, end: 6 },
      { start: 6, end: 9 },
      { start: 9, end: 10 },
    ]);
    expect(splitEvenly({ start: 0, end: 10 }, 3)).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
      { start: 6, end: 10 },
    ]);
    expect(splitEvenly({ start: 0, end: 2 }, 5)).toHaveLength(2);
    expect(() => splitRange({ start: 0, end: 1 }, 0)).toThrow(RangeError);
  });

  it('are checked against the kernel’s items', () => {
    const p = { key: seedKey(1), counter: [0, 0, 0] as [number, number, number], firstLane: 0, blocks: 10 };
    expect(resolveRange(philoxWordsKernel, p)).toEqual({ start: 0, end: 10 });
    expect(() => resolveRange(philoxWordsKernel, p, { start: 5, end: 11 })).toThrow(RangeError);
  });
});

describe('kernel registry', () => {
  it('finds kernels by name, as worker threads do', () => {
    expect(kernelByName('philox-words')).toBe(philoxWordsKernel);
    expect(kernelByName('distribution-samples')).toBe(distributionSamplesKernel);
    expect(() => kernelByName('nope')).toThrow(/unknown kernel/);
  });
});

describe('CPU twins', () => {
  it('draw the words PhiloxStream reads, for every distribution', () => {
    for (const distribution of ['uniform', 'exponential', 'normal', 'bernoulli'] as const) {
      const p = {
        key: seedKey(31),
        trial: 4,
        cell: 5,
        stream: Stream.test,
        round: 6,
        distribution,
        rate: 1.5,
        p: 0.7,
        count: 333,
        keepSamples: true,
      };
      const samples = distributionSamplesKernel.cpu.run(p, { start: 0, end: p.count }).samples!;
      const stream = new PhiloxStream(31, Stream.test, 5, 4, 6);
      const t = Math.floor(0.7 * 2 ** 32);
      for (const x of samples) {
        const expected =
          distribution === 'uniform'
            ? stream.uniform()
            : distribution === 'exponential'
              ? stream.exponential(1.5)
              : distribution === 'normal'
                ? stream.normal()
                : Number(stream.bernoulli(t));
        expect(x).toBe(expected);
      }
    }
  });

  it('give the same items for any split, merged in order', () => {
    const p = {
      key: seedKey(9),
      trial: 0,
      cell: 1,
      stream: Stream.test,
      distribution: 'normal' as const,
      count: 1001,
      keepSamples: true,
    };
    const whole = distributionSamplesKernel.cpu.run(p, { start: 0, end: p.count });
    const parts = [0, 1, 2, 7, 500, 1001].slice(1).map((end, i, ends) => {
      const start = i === 0 ? 0 : ends[i - 1];
      return distributionSamplesKernel.cpu.run(p, { start, end });
    });
    const merged = distributionSamplesKernel.merge(parts, p);
    expect(merged.samples).toEqual(whole.samples);
    expect(merged.moments.count).toBe(1001);
    expect(merged.moments.sum).toBeCloseTo(whole.moments.sum, 10);
  });

  it('reject parameters outside their domain', () => {
    const p = { key: seedKey(1), trial: 0, cell: 0, stream: 1, count: 10, keepSamples: false };
    expect(() => distributionSamplesKernel.items({ ...p, distribution: 'exponential', rate: 0 })).toThrow(/rate/);
    expect(() => distributionSamplesKernel.items({ ...p, distribution: 'bernoulli', p: 1.2 })).toThrow(RangeError);
    expect(() => distributionSamplesKernel.items({ ...p, distribution: 'bernoulli' })).toThrow(RangeError);
    expect(() => distributionSamplesKernel.items({ ...p, distribution: 'uniform', count: 2 ** 31 + 1 })).toThrow(
      /count/,
    );
  });
});
