import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { packageRoot } from '../../package-root.js';
import { GENERATED_PREFIX, generatedSnippet, generatedSnippetNames } from './wgsl-snippets.js';

/**
 * Composes WGSL kernels from the files in `shaders/` (shipped with the package, found from the package root at run
 * time). Two directives, each on a line of its own:
 *
 *     //! include lib/philox.wgsl        a file, relative to shaders/
 *     //! include gen:counters           generated text (wgsl-snippets.ts; gen:struct:NAME from defineStruct)
 *     //! replaces trials/scratch.wgsl   this file stands in for that one: later includes of it are dropped
 *
 * Each file or snippet is included at most once per composed shader (later directives for it are dropped), and
 * includes nest; `replaces` lets a variant entry (a test build of a kernel) swap one included file for another.
 * Every composed line remembers its origin, so compiler messages can be mapped back to the original file and line
 * ({@link originOf}).
 */

/** The include directive: `//! include TARGET`. */
export const INCLUDE_DIRECTIVE = /^\s*\/\/!\s*include\s+(\S+)\s*$/;
/** The replace directive: `//! replaces TARGET`. */
export const REPLACES_DIRECTIVE = /^\s*\/\/!\s*replaces\s+(\S+)\s*$/;

/** Where a line of a composed shader came from: a file under shaders/ (`shaders/lib/philox.wgsl`) or `<gen:NAME>`. */
export interface ShaderOrigin {
  readonly file: string;
  /** 1-based line in that file or snippet. */
  readonly line: number;
}

/** A kernel with its includes expanded. */
export interface ComposedShader {
  /** Name as requested, relative to the shaders root (e.g. `rng/philox-words.wgsl`). */
  readonly name: string;
  readonly code: string;
  /** `origins[i]` is the origin of composed line i + 1. */
  readonly origins: readonly ShaderOrigin[];
}

/** The shaders/ directory of the installed package. */
export function shadersRoot(): string {
  return join(packageRoot(), 'shaders');
}

const cache = new Map<string, ComposedShader>();

/** Forgets composed shaders (tests that edit shader files or snippets). */
export function clearShaderCache(): void {
  cache.clear();
}

/**
 * Reads `name` (relative to `root`, default {@link shadersRoot}) and expands its includes. Cached per (root, name):
 * shader files do not change while a process runs.
 */
export function composeShader(name: string, root: string = shadersRoot()): ComposedShader {
  const key = `${root}\u0000${name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const lines: string[] = [];
  const origins: ShaderOrigin[] = [];
  const included = new Set<string>([name]);
  const expand = (text: string, originFile: string): void => {
    const source = text.split(/\r?\n/);
    source.forEach((line, index) => {
      const replaced = REPLACES_DIRECTIVE.exec(line);
      if (replaced) {
        if (included.has(replaced[1]))
          throw new Error(
            `${originFile}:${index + 1}: ${replaced[1]} is already included; the file replacing it must come first`,
          );
        included.add(replaced[1]);
        return;
      }
      const directive = INCLUDE_DIRECTIVE.exec(line);
      if (!directive) {
        lines.push(line);
        origins.push({ file: originFile, line: index + 1 });
        return;
      }
      const child = directive[1];
      if (included.has(child)) return;
      included.add(child);
      const where = `${originFile}:${index + 1}`;
      if (child.startsWith(GENERATED_PREFIX)) expand(readSnippet(child, where), `<${child}>`);
      else expand(readShaderFile(root, child, where), shaderFileLabel(child));
    });
  };
  expand(readShaderFile(root, name, 'composeShader'), shaderFileLabel(name));
  const composed: ComposedShader = { name, code: lines.join('\n'), origins };
  cache.set(key, composed);
  return composed;
}

/** Maps a 1-based line of the composed code back to its file and line (out-of-range lines map to the kernel file). */
export function originOf(shader: ComposedShader, composedLine: number): ShaderOrigin {
  return shader.origins[composedLine - 1] ?? { file: shaderFileLabel(shader.name), line: composedLine };
}

/** How a shader file is named in messages: `shaders/<name>`. */
export function shaderFileLabel(name: string): string {
  return `shaders/${name}`;
}

function readShaderFile(root: string, name: string, where: string): string {
  const path = normalize(join(root, name));
  if (isAbsolute(name) || !path.startsWith(normalize(root) + sep))
    throw new Error(`${where}: shader path "${name}" must be relative to the shaders directory`);
  if (!existsSync(path))
    throw new Error(`${where}: shader file ${shaderFileLabel(name)} not found (looked in ${root})`);
  return readFileSync(path, 'utf8');
}

function readSnippet(name: string, where: string): string {
  const text = generatedSnippet(name);
  if (text === undefined)
    throw new Error(
      `${where}: no generated WGSL snippet "${name}" (import the TypeScript module that defines it; known: ${generatedSnippetNames().join(', ')})`,
    );
  return text;
}
