import { wgslCounterConstants } from '../../rng/counters.js';

/**
 * Generated WGSL snippets, included into shaders by name with `//! include gen:NAME` (see `shader-loader.ts`). The
 * counter-layout constants (`gen:counters`) are built in; `defineStruct` registers `gen:struct:NAME` for every struct
 * layout, so struct declarations exist once, in TypeScript.
 */
const generators = new Map<string, () => string>();

/** Prefix that marks a generated snippet in an include directive. */
export const GENERATED_PREFIX = 'gen:';

/**
 * Registers a generated snippet under `name` (which must start with `gen:`). Registering the same name again is
 * allowed only with identical text (a module evaluated twice); a different text is a conflict and throws.
 */
export function registerWgslSnippet(name: string, generate: () => string): void {
  if (!name.startsWith(GENERATED_PREFIX))
    throw new Error(`WGSL snippet name "${name}" must start with "${GENERATED_PREFIX}"`);
  const existing = generators.get(name);
  if (existing && existing() !== generate()) throw new Error(`WGSL snippet "${name}" is already defined differently`);
  generators.set(name, generate);
}

/** The text of generated snippet `name`, or undefined when none is registered. */
export function generatedSnippet(name: string): string | undefined {
  return generators.get(name)?.();
}

/** Names of every registered snippet, sorted (for error messages). */
export function generatedSnippetNames(): string[] {
  return [...generators.keys()].sort();
}

registerWgslSnippet('gen:counters', () =>
  [
    '// Philox counter layout (src/rng/counters.ts): key = seed; counter = (lane, trial, cell, stream << 24 | round).',
    wgslCounterConstants(),
  ].join('\n'),
);
