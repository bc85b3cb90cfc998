import { describe, expect, it } from 'vitest';
import { type DoctorReport, formatDoctorReport } from '../../src/cli/commands/doctor.js';
import { NO_ADAPTER_FIX } from '../../src/engine/webgpu/gpu-errors.js';
import { adapterReport } from '../engine/support/adapter-reports.js';

function report(change: Partial<DoctorReport>): DoctorReport {
  return {
    gradcode: '0.1.0',
    node: 'v20.20.2',
    webgpu: '0.6.2',
    platform: 'linux-x64',
    cpu: { model: 'Test CPU', threads: 2 },
    adapters: [],
    dawnError: null,
    auto: { backend: 'cpu', adapter: null, reason: 'no WebGPU adapter found' },
    fix: NO_ADAPTER_FIX,
    selected: { backend: 'cpu', adapter: null, reason: 'no WebGPU adapter found' },
    ...change,
  };
}

describe('gradcode doctor output', () => {
  it('prints versions, "none" and the one-line fix (mesa-vulkan-drivers from bookworm-backports) without adapters', () => {
    const text = formatDoctorReport(report({}));
    expect(text).toContain('gradcode 0.1.0');
    expect(text).toContain('Node v20.20.2 (linux-x64) · webgpu (Dawn for Node) 0.6.2');
    expect(text).toContain('WebGPU adapters (0):\n  none\n  fix: ');
    expect(text).toMatch(/fix: .*bookworm-backports.*mesa-vulkan-drivers/);
    expect(text).toContain('--backend auto → cpu: no WebGPU adapter found');
  });

  it('lists each adapter with vendor, architecture, fallback or hardware, and key limits', () => {
    const gpu = adapterReport('NVIDIA H100 80GB HBM3', false);
    const soft = adapterReport('llvmpipe (LLVM 15.0.6, 256 bits)', true);
    const text = formatDoctorReport(
      report({
        adapters: [gpu, soft],
        fix: null,
        auto: { backend: 'webgpu', adapter: gpu.name, reason: `hardware GPU "${gpu.name}" found` },
        selected: { backend: 'cpu', adapter: null, reason: '--backend cpu' },
      }),
    );
    expect(text).toContain('• NVIDIA H100 80GB HBM3  [vulkan, hardware]');
    expect(text).toContain('• llvmpipe (LLVM 15.0.6, 256 bits)  [vulkan, software, fallback adapter]');
    expect(text).toContain('vendor nvidia · architecture hopper');
    expect(text).toContain('storage binding 128 MiB · buffer 256 MiB · workgroup storage 16 KiB');
    expect(text).toContain('features: shader-f16, subgroups, timestamp-query (+1 more)');
    expect(text).not.toContain('fix:');
    expect(text).toContain('--backend auto → webgpu on "NVIDIA H100 80GB HBM3": hardware GPU');
    expect(text).toContain('selected → cpu: --backend cpu');
  });

  it('explains a Dawn load failure with its own fix', () => {
    const text = formatDoctorReport(
      report({
        dawnError: 'cannot load the webgpu (Dawn) module: GLIBC_2.38 not found',
        fix: 'the webgpu prebuilt needs glibc ≥ 2.38',
      }),
    );
    expect(text).toContain('Dawn could not be loaded: cannot load the webgpu (Dawn) module: GLIBC_2.38 not found');
    expect(text).toContain('fix: the webgpu prebuilt needs glibc ≥ 2.38');
  });
});
