import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { songChoiProbabilities } from '../../src/reproduce/entries/song-choi.js';
import { entrySetting, gallerySpecDir, loadEntrySpec } from '../../src/reproduce/spec-file.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcode-reproduce-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gallery spec files', () => {
  it('a spec may hold an entry setting and no trial cells', () => {
    writeFileSync(join(dir, 'x.yaml'), 'name: x\nseed: 4\nsetting:\n  degrees: [2, 3]\n');
    const spec = loadEntrySpec('x', { dir });
    expect(spec.cells).toEqual([]);
    expect(spec.setting).toEqual({ degrees: [2, 3] });
    const schema = z.object({ degrees: z.array(z.number().int().min(3)) }).strict();
    expect(() => entrySetting(spec, schema)).toThrow(/setting\.degrees\.0|setting.*degrees/);
    writeFileSync(join(dir, 'y.yaml'), 'name: y\nsetting: [1, 2]\n');
    expect(() => loadEntrySpec('y', { dir })).toThrow(/setting: must be a mapping/);
  });

  it('Song–Choi: the straggling probabilities in the specs are the seeded ψ ~ U(0.1, 2) draws of the entry', () => {
    const read = (file: string) => parse(readFileSync(join(gallerySpecDir(), file), 'utf8'));
    const cells = read('song-choi.yaml').cells as { label: string; code: { p: number[] } }[];
    for (const cell of cells) {
      const [, k, tau] = /k = (\d+), τ = ([\d.]+)/.exec(cell.label) ?? [];
      expect(cell.code.p).toEqual(songChoiProbabilities(Number(k), Number(tau)));
    }
    for (const k of [10, 100]) {
      const schemes = read(`song-choi.k${k}.train.yaml`).schemes as {
        label: string;
        code: unknown;
        stragglers?: { failures?: { p: number[] } };
      }[];
      for (const s of schemes.filter((x) => x.stragglers?.failures)) {
        const tau = Number(/τ = ([\d.]+)/.exec(s.label)?.[1]);
        expect(s.stragglers?.failures?.p, s.label).toEqual(songChoiProbabilities(k, tau));
      }
    }
    for (const p of songChoiProbabilities(100, 1.1)) {
      expect(p).toBeGreaterThanOrEqual(Math.exp(-0.2) - 1e-6);
      expect(p).toBeLessThanOrEqual(Math.exp(-0.01) + 1e-6);
    }
  });
});
