import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/parse-spec-text.js';
import { runResolvedTraining } from '../../src/train/run/run-training.js';
import { resolveTrainSpec } from '../../src/train/spec/resolve-train.js';
import { expandTrainSpec } from '../../src/train/spec/train-sweep.js';
import { inlineCpu } from './support.js';

/**
 * The example specs in examples/train are valid and run (shortened to 2 runs × 3 iterations on the CPU twin), and
 * examples/train/w3.yaml is exactly workload W3 of issue 5.
 */
const dir = resolve(import.meta.dirname, '../../examples/train');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const backend = inlineCpu();
afterAll(() => backend.dispose());

function load(file: string): Record<string, unknown> {
  return parseSpecText(readFileSync(join(dir, file), 'utf8'), file, 'yaml') as Record<string, unknown>;
}

describe('examples/train', () => {
  it('has the W3 spec and the other examples', () => {
    expect(files).toContain('w3.yaml');
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of files.filter((f) => f !== 'w3.yaml')) {
    it(`${file} runs`, async () => {
      // Every run of the file's sweep (one without a sweep), shortened.
      const cells = expandTrainSpec({ ...load(file), runs: 2, iterations: 3, boundDraws: 200 }, { baseDir: dir });
      for (const cell of cells) {
        const result = await runResolvedTraining(cell.resolved, { backendInstance: backend });
        expect(result.schemes.length).toBeGreaterThan(0);
        for (const s of result.schemes) expect(Number.isFinite(s.curves.distance.mean[3])).toBe(true);
      }
    });
  }

  it('w3.yaml is workload W3', () => {
    const resolved = resolveTrainSpec(load('w3.yaml'));
    expect(resolved.dataset).toMatchObject({ kind: 'synthetic-least-squares', rows: 16384, features: 256 });
    expect(resolved.loss).toBe('least-squares');
    expect(resolved.runs).toBe(256);
    expect(resolved.iterations).toBe(200);
    expect(resolved.schemes).toHaveLength(1);
    const [s] = resolved.schemes;
    expect(s.code.name).toBe('crc');
    expect([s.code.N, s.code.m]).toEqual([32, 32]);
    // cyclic support with δ = 4 chunks per worker: worker j holds j … j + 3 (mod 32)
    for (let j = 0; j < 32; j++) {
      const chunks = Array.from(s.code.chunks.subarray(s.code.offsets[j], s.code.offsets[j + 1])).sort((a, b) => a - b);
      expect(chunks).toEqual([0, 1, 2, 3].map((t) => (j + t) % 32).sort((a, b) => a - b));
    }
    expect(s.decoder.name).toBe('optimal');
    expect(s.failureOnly).toEqual(new Float64Array(32).fill(0.2));
    expect(s.wait).toEqual({ kind: 'all' });
  });
});
