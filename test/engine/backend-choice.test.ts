import { describe, expect, it } from 'vitest';
import { decideAutoBackend, parseBackendChoice } from '../../src/engine/backend-choice.js';
import { createBackend } from '../../src/engine/create-backend.js';
import { findAdapter, parseDawnAdapterList } from '../../src/engine/webgpu/adapters.js';
import { InputError } from '../../src/errors.js';
import { adapterReport } from './support/adapter-reports.js';

describe('--backend', () => {
  it('accepts auto, webgpu and cpu (any case)', () => {
    expect(parseBackendChoice('auto')).toBe('auto');
    expect(parseBackendChoice('WebGPU')).toBe('webgpu');
    expect(parseBackendChoice(' cpu ')).toBe('cpu');
  });

  it('rejects anything else as bad input naming the valid choices', async () => {
    expect(() => parseBackendChoice('tpu')).toThrow(InputError);
    expect(() => parseBackendChoice('tpu')).toThrow(
      '--backend: unknown backend "tpu" (did you mean "cpu"?); valid choices: auto, webgpu, cpu',
    );
    await expect(createBackend({ backend: 'gpu.js' })).rejects.toThrow(/valid choices: auto, webgpu, cpu/);
  });

  it('rejects --adapter with the CPU backend', async () => {
    await expect(createBackend({ backend: 'cpu', adapter: 'llvmpipe' })).rejects.toThrow(InputError);
    expect((await createBackend({ backend: 'cpu' })).kind).toBe('cpu');
  });
});

describe('the auto rule', () => {
  const lavapipe = adapterReport('llvmpipe (LLVM 15.0.6, 256 bits)', true);
  const h100 = adapterReport('NVIDIA H100 80GB HBM3', false);

  it('picks a hardware GPU first, whatever the order', () => {
    expect(decideAutoBackend([lavapipe, h100])).toMatchObject({ kind: 'webgpu', adapter: h100 });
  });

  it('leaves a software adapter to the cost model of a run: without a workload, the CPU backend', () => {
    const choice = decideAutoBackend([lavapipe]);
    expect(choice).toMatchObject({ kind: 'cpu', adapter: null });
    expect(choice.reason).toMatch(/no hardware GPU; the software adapter .* predicts it faster/);
    expect(choice.reason).not.toMatch(/\d×/);
  });

  it('falls back to the CPU backend without adapters', () => {
    expect(decideAutoBackend([])).toEqual({ kind: 'cpu', adapter: null, reason: 'no WebGPU adapter found' });
  });
});

describe('adapter names', () => {
  const adapters = [
    adapterReport('NVIDIA H100 80GB HBM3', false),
    adapterReport('llvmpipe (LLVM 15.0.6, 256 bits)', true),
  ];

  it('match exactly or by a unique substring of name, description or device', () => {
    expect(findAdapter(adapters, 'llvmpipe (LLVM 15.0.6, 256 bits)').software).toBe(true);
    expect(findAdapter(adapters, 'h100').software).toBe(false);
    expect(findAdapter(adapters, 'LLVMPIPE').software).toBe(true);
  });

  it('that do not exist are bad input listing the valid names', () => {
    expect(() => findAdapter(adapters, 'radeon')).toThrow(InputError);
    expect(() => findAdapter(adapters, 'radeon')).toThrow(
      '--adapter: no adapter named "radeon"; valid adapters: "NVIDIA H100 80GB HBM3", "llvmpipe (LLVM 15.0.6, 256 bits)"',
    );
    expect(() => findAdapter(adapters, 'description')).toThrow(/ambiguous/);
    expect(() => findAdapter([], 'x')).toThrow(/valid adapters: none/);
  });

  it('are read from Dawn’s adapter list', () => {
    const message =
      "no suitable backends found\nAvailable adapters:\n * backend: 'vulkan', name: 'llvmpipe (LLVM 15.0.6, 256 bits)'\n * backend: 'vulkan', name: 'NVIDIA H100'";
    expect(parseDawnAdapterList(message)).toEqual([
      { backend: 'vulkan', name: 'llvmpipe (LLVM 15.0.6, 256 bits)' },
      { backend: 'vulkan', name: 'NVIDIA H100' },
    ]);
    expect(parseDawnAdapterList('no suitable backends found\nAvailable adapters:\n')).toEqual([]);
  });
});
