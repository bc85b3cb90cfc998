import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapCompilationMessages, ShaderCompileError } from '../../src/engine/shaders/shader-compile-error.js';
import { composeShader, originOf } from '../../src/engine/shaders/shader-loader.js';
import { registerWgslSnippet } from '../../src/engine/shaders/wgsl-snippets.js';
import { Stream } from '../../src/rng/counters.js';

function shaderTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'gradcode-shaders-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('shader composition', () => {
  const root = shaderTree({
    'main.wgsl': ['//! include lib/a.wgsl', '//! include lib/b.wgsl', 'fn main_fn() {}', '//! include lib/a.wgsl'].join(
      '\n',
    ),
    'lib/a.wgsl': ['// a', 'fn a() {}'].join('\n'),
    'lib/b.wgsl': ['//! include lib/a.wgsl', '//! include gen:test-snippet', 'fn b() {}'].join('\n'),
    'missing.wgsl': '//! include lib/nope.wgsl',
    'escape.wgsl': '//! include ../outside.wgsl',
  });
  registerWgslSnippet('gen:test-snippet', () => 'const GENERATED: u32 = 1u;\nconst SECOND: u32 = 2u;');

  it('expands includes recursively, each file or snippet once', () => {
    const shader = composeShader('main.wgsl', root);
    expect(shader.code.split('\n')).toEqual([
      '// a',
      'fn a() {}',
      'const GENERATED: u32 = 1u;',
      'const SECOND: u32 = 2u;',
      'fn b() {}',
      'fn main_fn() {}',
    ]);
  });

  it('maps every composed line to its file and line', () => {
    const shader = composeShader('main.wgsl', root);
    expect(shader.origins).toEqual([
      { file: 'shaders/lib/a.wgsl', line: 1 },
      { file: 'shaders/lib/a.wgsl', line: 2 },
      { file: '<gen:test-snippet>', line: 1 },
      { file: '<gen:test-snippet>', line: 2 },
      { file: 'shaders/lib/b.wgsl', line: 3 },
      { file: 'shaders/main.wgsl', line: 3 },
    ]);
    expect(originOf(shader, 5)).toEqual({ file: 'shaders/lib/b.wgsl', line: 3 });
  });

  it('lets a variant entry replace an included file (`//! replaces`), and only before it is included', () => {
    const variants = shaderTree({
      'lib/plain.wgsl': 'fn access() {}',
      'lib/checked.wgsl': ['//! replaces lib/plain.wgsl', 'fn access() { check(); }'].join('\n'),
      'kernel.wgsl': ['//! include lib/plain.wgsl', 'fn main_fn() { access(); }'].join('\n'),
      'checked.wgsl': ['//! include lib/checked.wgsl', '//! include kernel.wgsl'].join('\n'),
      'late.wgsl': ['//! include kernel.wgsl', '//! include lib/checked.wgsl'].join('\n'),
    });
    expect(composeShader('kernel.wgsl', variants).code.split('\n')).toEqual([
      'fn access() {}',
      'fn main_fn() { access(); }',
    ]);
    expect(composeShader('checked.wgsl', variants).code.split('\n')).toEqual([
      'fn access() { check(); }',
      'fn main_fn() { access(); }',
    ]);
    expect(() => composeShader('late.wgsl', variants)).toThrow(/lib\/plain\.wgsl is already included/);
  });

  it('reports missing includes and snippets with the including file and line', () => {
    expect(() => composeShader('missing.wgsl', root)).toThrow(
      /shaders\/missing\.wgsl:1: shader file shaders\/lib\/nope\.wgsl not found/,
    );
    expect(() => composeShader('escape.wgsl', root)).toThrow(/must be relative to the shaders directory/);
    const noSnippet = shaderTree({ 'k.wgsl': 'fn f() {}\n//! include gen:undefined-thing' });
    expect(() => composeShader('k.wgsl', noSnippet)).toThrow(
      /k\.wgsl:2: no generated WGSL snippet "gen:undefined-thing"/,
    );
  });

  it('injects the counter layout constants from src/rng/counters.ts into lib/philox.wgsl', () => {
    const shader = composeShader('lib/philox.wgsl');
    expect(shader.code).toContain(`const STREAM_CHUNK_TIMES: u32 = ${Stream.chunkTimes}u;`);
    expect(shader.code).toContain('fn philox4x32_rounds(');
  });

  it('maps compiler messages back to the original file, line and column', () => {
    const shader = composeShader('main.wgsl', root);
    const diagnostics = mapCompilationMessages(shader, [
      { type: 'error', message: 'unresolved value', lineNum: 5, linePos: 4 },
      { type: 'warning', message: 'unused', lineNum: 0, linePos: 0 },
    ]);
    expect(diagnostics[0]).toEqual({
      type: 'error',
      file: 'shaders/lib/b.wgsl',
      line: 3,
      column: 4,
      message: 'unresolved value',
      sourceLine: 'fn b() {}',
    });
    const error = new ShaderCompileError('main.wgsl', diagnostics);
    expect(error.message).toContain('shaders/lib/b.wgsl:3:4: error: unresolved value');
    expect(error.message).not.toContain('unused');
    expect([error.file, error.line]).toEqual(['shaders/lib/b.wgsl', 3]);
  });
});
