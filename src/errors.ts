/**
 * Error types shared by the library and the CLI. The CLI maps them to exit codes:
 * {@link InputError} → 2 (bad input), {@link InterruptedError} → 130, anything else → 1 (run failure).
 */

/** Bad user input: a spec field, CLI flag or file that cannot be used. `field` names the offending input. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    /** Dotted path or flag name of the bad input, e.g. `cells[2].code.s` or `--backend`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The run was interrupted by SIGINT/SIGTERM after completed work was flushed. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}; completed work was saved`);
  }
}

/** Throws an {@link InputError} for `field` unless `condition` holds. */
export function requireInput(condition: unknown, field: string, message: string): asserts condition {
  if (!condition) throw new InputError(field, message);
}

/** Internal invariant: a violation is a bug in gradcode, not bad input. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`internal error: ${message}`);
}
