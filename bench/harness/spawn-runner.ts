import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseRunnerOutput, type RunnerResult, SKIP_EXIT_CODE } from './result.js';

/** How to start one runner process. */
export interface RunnerCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** What one runner process gave: a result, a skip (with its reason) or a failure (with the output's tail). */
export type RunOutcome =
  | { readonly status: 'ok'; readonly result: RunnerResult; readonly processSeconds: number }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'failed'; readonly error: string; readonly processSeconds: number };

/** The tail of a process's output for error messages. */
function tail(text: string, lines = 12): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * Runs a runner to completion (stdout collected, stderr kept for failures) and parses its result line. A process that
 * outlives `timeoutSeconds` is killed (SIGKILL, this process's own child only) and reported as failed.
 */
export function runRunner(cmd: RunnerCommand, timeoutSeconds: number, cwd: string): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd.command, [...cmd.args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: 'failed', error: `could not start ${cmd.command}: ${error.message}`, processSeconds: 0 });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const processSeconds = (performance.now() - started) / 1000;
      if (timedOut) {
        resolve({ status: 'failed', error: `killed after the ${timeoutSeconds} s time limit`, processSeconds });
        return;
      }
      if (code !== 0 && code !== SKIP_EXIT_CODE) {
        const why = signal ? `signal ${signal}` : `exit code ${code}`;
        resolve({ status: 'failed', error: `${why}\n${tail(stderr || stdout)}`, processSeconds });
        return;
      }
      try {
        const parsed = parseRunnerOutput(stdout);
        if ('skipped' in parsed) resolve({ status: 'skipped', reason: parsed.skipped });
        else resolve({ status: 'ok', result: parsed, processSeconds });
      } catch (error) {
        resolve({ status: 'failed', error: `${(error as Error).message}\n${tail(stderr)}`, processSeconds });
      }
    });
  });
}

/**
 * The command that runs gradcode's side of a workload: the compiled child (dist/bench/harness/gradcode-child.js)
 * when this module runs from dist/, else the TypeScript source through tsx (tests, `npx tsx bench/run.ts`).
 */
export function gradcodeChildCommand(workload: string, backend: string, size: unknown): RunnerCommand {
  const fromSource = import.meta.url.endsWith('.ts');
  const child = fileURLToPath(new URL(fromSource ? './gradcode-child.ts' : './gradcode-child.js', import.meta.url));
  return {
    command: process.execPath,
    args: [
      ...(fromSource ? ['--import', 'tsx'] : []),
      child,
      workload,
      '--backend',
      backend,
      '--size',
      JSON.stringify(size),
    ],
  };
}
