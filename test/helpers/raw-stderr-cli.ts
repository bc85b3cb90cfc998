import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'dist/src/cli/bin.js');

/** How the child's stderr is connected: a file opened for appending (as `2>>log`), or a pipe (as `2>&1 | cat`). */
export type StderrKind = 'append-file' | 'pipe';

/**
 * Runs the built CLI with its stderr on a real file or pipe and returns stderr unfiltered. Node's own `spawn` gives
 * children socket pairs, which gradcode cannot swap around Dawn's native output (src/engine/webgpu/native-stderr.ts),
 * unlike the terminals, pipes and append-mode files of real use.
 */
export function runWithRawStderr(
  args: readonly string[],
  options: { stderr: StderrKind; env?: NodeJS.ProcessEnv; timeout?: number },
): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, ...options.env };
  const timeout = options.timeout ?? 120_000;
  if (options.stderr === 'pipe') {
    // stdout goes to a file so that the pipe carries stderr alone.
    const dir = mkdtempSync(join(tmpdir(), 'gradcode-raw-stderr-'));
    try {
      const out = join(dir, 'stdout');
      const r = spawnSync(
        'bash',
        [
          '-c',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: bash syntax
          'out="$1"; shift; "$@" 2>&1 >"$out" | cat; exit "${PIPESTATUS[0]}"',
          'bash',
          out,
          process.execPath,
          bin,
          ...args,
        ],
        { cwd: root, env, encoding: 'utf8', timeout },
      );
      return { code: r.status, stdout: readFileSync(out, 'utf8'), stderr: r.stdout };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'gradcode-raw-stderr-'));
  try {
    const log = join(dir, 'stderr');
    const fd = openSync(log, 'a');
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout,
      stdio: ['ignore', 'pipe', fd],
    });
    closeSync(fd);
    return { code: r.status, stdout: r.stdout, stderr: readFileSync(log, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
