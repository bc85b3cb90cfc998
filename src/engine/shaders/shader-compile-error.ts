import { type ComposedShader, originOf } from './shader-loader.js';

/** One compiler message mapped back to the original WGSL file. */
export interface WgslDiagnostic {
  readonly type: 'error' | 'warning' | 'info';
  /** `shaders/<path>.wgsl` or `<gen:NAME>` for generated code. */
  readonly file: string;
  /** 1-based line in `file` (0 when the compiler gave no position). */
  readonly line: number;
  /** 1-based column (0 when unknown). */
  readonly column: number;
  /** The compiler's own message (Dawn/Tint). */
  readonly message: string;
  /** The offending source line, for context. */
  readonly sourceLine: string;
}

/** The fields of a `GPUCompilationMessage` that the mapping uses. */
export interface CompilationMessageLike {
  readonly type: string;
  readonly message: string;
  readonly lineNum: number;
  readonly linePos: number;
}

/** Maps compiler messages on the composed code back to the files they came from. */
export function mapCompilationMessages(
  shader: ComposedShader,
  messages: readonly CompilationMessageLike[],
): WgslDiagnostic[] {
  const lines = shader.code.split('\n');
  return messages.map((m) => {
    const type = m.type === 'error' || m.type === 'warning' ? m.type : 'info';
    if (m.lineNum <= 0)
      return { type, file: originOf(shader, 1).file, line: 0, column: 0, message: m.message, sourceLine: '' };
    const origin = originOf(shader, m.lineNum);
    return {
      type,
      file: origin.file,
      line: origin.line,
      column: m.linePos,
      message: m.message,
      sourceLine: lines[m.lineNum - 1] ?? '',
    };
  });
}

/** Formats one diagnostic the way compilers do: `file:line:column: error: message` plus the source line. */
export function formatDiagnostic(d: WgslDiagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const context = d.sourceLine.trim() ? `\n    ${d.sourceLine.trim()}` : '';
  return `${where}: ${d.type}: ${d.message}${context}`;
}

/**
 * A WGSL kernel failed to compile. The message names the original file and line of each error (not the composed
 * line), followed by Dawn's message; `diagnostics` holds them structured, the first error in `file`/`line`.
 */
export class ShaderCompileError extends Error {
  override readonly name = 'ShaderCompileError';
  /** File of the first error. */
  readonly file: string;
  /** Line of the first error in {@link file}. */
  readonly line: number;

  constructor(
    /** The kernel that was being compiled (relative to shaders/). */
    readonly shader: string,
    readonly diagnostics: readonly WgslDiagnostic[],
  ) {
    const errors = diagnostics.filter((d) => d.type === 'error');
    const shown = errors.length > 0 ? errors : diagnostics;
    super(`WGSL compile error in kernel ${shader}:\n${shown.map(formatDiagnostic).join('\n')}`);
    this.file = shown[0]?.file ?? shader;
    this.line = shown[0]?.line ?? 0;
  }
}
