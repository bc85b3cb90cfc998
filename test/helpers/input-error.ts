import { expect } from 'vitest';
import { InputError } from '../../src/errors.js';

/** Runs `f`, expecting it to throw an {@link InputError}; returns the error for assertions on its field and text. */
export function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}
