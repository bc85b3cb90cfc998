/**
 * Runs the hostile-input corpus (hostile-corpus.ts) in this process, one case after another, and writes what each
 * returned as JSON: `node --import tsx test/cli/hostile-corpus-runner.ts WORKDIR OUT.json`. Each case runs in its
 * own directory under WORKDIR (the working directory while it runs), through the CLI's `main` (in-process: no child
 * process per case). After every case the process's peak resident set so far (`maxRSS`) is recorded: it is at least
 * every earlier case's own peak, so a final value under a bound proves every case stayed under it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { releaseEngine } from '../../src/engine/release.js';
import { CORPUS } from './hostile-corpus.js';

/** What one case returned. */
export interface CaseOutcome {
  readonly name: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** A `before` command that did not exit 0, or a setup error. */
  readonly prepare: string | null;
  /** What the case's `verify` found wrong, or null. */
  readonly verify: string | null;
  /** Peak resident set of this process after the case, in bytes. */
  readonly peakBytes: number;
  readonly ms: number;
}

async function gradcode(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'gradcode', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
}

async function runCorpus(work: string): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  const home = process.cwd();
  for (const [k, c] of CORPUS.entries()) {
    const dir = join(work, `case-${k}`);
    mkdirSync(dir, { recursive: true });
    process.chdir(dir);
    const saved = Object.fromEntries(Object.keys(c.env ?? {}).map((key) => [key, process.env[key]]));
    const started = performance.now();
    let prepare: string | null = null;
    let result = { code: -1, stdout: '', stderr: '' };
    let verify: string | null = null;
    try {
      for (const [path, text] of Object.entries(c.files ?? {})) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      for (const args of c.before ?? []) {
        const r = await gradcode(args);
        if (r.code !== 0) throw new Error(`before: gradcode ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      }
      c.setup?.(dir);
      Object.assign(process.env, c.env ?? {});
      result = await gradcode(c.args);
      verify = c.verify?.(dir) ?? null;
    } catch (e) {
      prepare = (e as Error).message;
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      process.chdir(home);
    }
    outcomes.push({
      name: c.name,
      ...result,
      prepare,
      verify,
      peakBytes: process.resourceUsage().maxRSS * 1024,
      ms: performance.now() - started,
    });
  }
  return outcomes;
}

const [work, out] = process.argv.slice(2).map((p) => resolve(p));
if (!work || !out) throw new Error('usage: hostile-corpus-runner.ts WORKDIR OUT.json');
const outcomes = await runCorpus(work);
writeFileSync(out, JSON.stringify(outcomes));
await releaseEngine();
process.exit(0);
