import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import type { EntryContext } from '../../src/reproduce/context.js';
import type { GalleryEntry } from '../../src/reproduce/entry.js';
import { GALLERY } from '../../src/reproduce/gallery.js';
import { entryContext } from '../../src/reproduce/run-entry.js';
import type { Check } from '../../src/reproduce/types.js';
import { createTrialExecutor } from '../../src/trials/backend-executor.js';
import type { TrialExecutor } from '../../src/trials/executor.js';

/**
 * "Every judged check can fail, and a test shows it" (issue 16): each entry declares one falsifier per kind of judged
 * check — the same computation fed a deliberately wrong input (a perturbed allocation, a swapped comparison, the
 * fixed decoder for the optimal one, a wrong closed form) — and every check of that kind it returns must FAIL. The
 * committed full reports (docs/reproduce/<id>/result.json) must not judge any kind without a falsifier.
 */

let executor: TrialExecutor & { dispose?: () => Promise<void> };
beforeAll(async () => {
  executor = await createTrialExecutor({ backend: 'cpu' });
});
afterAll(async () => {
  await executor.dispose?.();
});

/** One quick context per entry, so its falsifiers share the cells and coded-GD runs they need. */
const contexts = new Map<string, EntryContext>();
function contextOf(entry: GalleryEntry): EntryContext {
  let ctx = contexts.get(entry.id);
  if (!ctx) {
    ctx = entryContext(entry, { quick: true, backend: 'cpu', executor: async () => executor });
    contexts.set(entry.id, ctx);
  }
  return ctx;
}

/** Judged check kinds of an entry's committed full report. */
function committedKinds(id: string): string[] {
  const result = JSON.parse(readFileSync(join(packageRoot(), 'docs', 'reproduce', id, 'result.json'), 'utf8')) as {
    checks: Check[];
    quick: boolean;
  };
  expect(result.quick, `${id}: the committed report must be a full run`).toBe(false);
  return [...new Set(result.checks.filter((c) => c.verdict !== 'INFO').map((c) => c.kind))];
}

describe.each(GALLERY.map((e) => [e.id, e] as const))('%s', (_id, entry) => {
  it('has one falsifier per judged check kind of its committed full report', () => {
    const kinds = entry.falsifiers.map((f) => f.kind);
    expect(new Set(kinds).size, 'one falsifier per kind').toBe(kinds.length);
    for (const kind of committedKinds(entry.id)) expect(kinds, `no falsifier for "${kind}"`).toContain(kind);
  });

  it.each(entry.falsifiers.map((f) => [f.kind, f] as const))(
    'a wrong input makes every "%s" check FAIL',
    async (kind, falsifier) => {
      const checks = (await falsifier.run(contextOf(entry))).filter((c) => c.kind === kind);
      expect(checks.length, `the falsifier (${falsifier.input}) returned no "${kind}" check`).toBeGreaterThan(0);
      for (const c of checks) {
        expect(c.verdict, `${c.name} with ${falsifier.input}: ${c.reason}`).toBe('FAIL');
      }
    },
    120_000,
  );
});
