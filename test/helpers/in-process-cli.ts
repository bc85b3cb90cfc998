import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** What a CLI invocation returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `gradcode ARGS` in this process through the CLI's `main`, capturing what it writes to stdout and stderr (no
 * child process: fast, and the code under test is the TypeScript source). Restores the streams and
 * `process.exitCode` afterwards.
 */
export async function runCliInProcess(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'gradcode', ...args]);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}
