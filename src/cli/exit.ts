import { InputError, InterruptedError } from '../errors.js';
import { debugEnabled } from '../flags.js';
import { escapeControl } from '../input/terminal-text.js';

/** Process exit codes of the `gradcode` CLI. */
export const ExitCode = { ok: 0, runFailure: 1, badInput: 2, interrupted: 130 } as const;

/**
 * A message as one terminal line: control characters (escape sequences, carriage returns) and newlines from user
 * strings, file names or file contents are shown escaped, never interpreted by the terminal.
 */
export function terminalLine(message: string): string {
  return escapeControl(message).replace(/\n/g, '\\n').replace(/\t/g, ' ');
}

/**
 * Prints an error the way a user should see it (one paragraph, no stack trace for expected failures, control
 * characters escaped) and returns the exit code. Unexpected errors print their stack only with GRADCODE_DEBUG=1.
 */
export function reportError(error: unknown): number {
  if (error instanceof InputError) {
    process.stderr.write(`gradcode: bad input: ${terminalLine(error.message)}\n`);
    return ExitCode.badInput;
  }
  if (error instanceof InterruptedError) {
    process.stderr.write(`gradcode: ${terminalLine(error.message)}\n`);
    return ExitCode.interrupted;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`gradcode: run failed: ${terminalLine(message)}\n`);
  if (debugEnabled() && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('(set GRADCODE_DEBUG=1 for the stack trace)\n');
  return ExitCode.runFailure;
}
