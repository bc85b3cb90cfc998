import { loadCodeFile } from '../codes/custom-file.js';
import { buildResolvedCode, type CodeSpecInput, formatCodeSpec, resolveCodeSpec } from '../codes/spec.js';
import type { GradientCode } from '../codes/types.js';
import { InputError } from '../errors.js';
import type { InspectInput, InspectOptions } from './types.js';

/** A code to inspect and where it came from. */
export interface LoadedCode {
  readonly code: GradientCode;
  /** Canonical compact spec, when the code came from a spec. */
  readonly spec: string | null;
  /** The custom code file, when it came from one. */
  readonly matrix?: string;
}

/**
 * Builds the code of an {@link InspectInput}. Spec errors are InputErrors on `code.<param>` — except a bad
 * probability taken from the `p` option, which is reported on `p[i]`; file errors are InputErrors on `matrix`
 * (the message names the file and the row or field).
 */
export function loadInspectedCode(input: InspectInput, options: InspectOptions = {}): LoadedCode {
  if (typeof input === 'string') return fromSpec(input, options);
  if ('spec' in input) return fromSpec(input.spec, options);
  if ('matrix' in input) {
    try {
      const code = loadCodeFile(input.matrix, undefined, { transpose: input.transpose === true });
      return { code, spec: null, matrix: input.matrix };
    } catch (e) {
      if (e instanceof InputError) throw new InputError('matrix', e.message);
      throw e;
    }
  }
  return { code: input.code, spec: null };
}

function fromSpec(spec: CodeSpecInput, options: InspectOptions): LoadedCode {
  const specOptions = { p: options.p, seed: options.seed, baseDir: options.baseDir, field: 'code' };
  try {
    const resolved = resolveCodeSpec(spec, specOptions);
    return { code: buildResolvedCode(resolved, specOptions), spec: formatCodeSpec(resolved) };
  } catch (e) {
    // p taken from the `p` option (the spec names none): report it on the option, not on the spec.
    if (e instanceof InputError && options.p !== undefined && /^code\.p(\[|$)/.test(e.field) && !specNamesP(spec)) {
      throw new InputError(e.field.slice('code.'.length), e.message.slice(e.field.length + 2));
    }
    throw e;
  }
}

/** Whether a spec gives `p` itself (then errors on p belong to the spec). */
function specNamesP(spec: CodeSpecInput): boolean {
  return typeof spec === 'string' ? /(^|[:,(])\s*p\s*=/.test(spec) : Object.hasOwn(spec, 'p');
}
