import type { AdapterReport } from '../../../src/engine/webgpu/adapters.js';
import { DEFAULT_LIMITS } from '../../../src/engine/webgpu/limits.js';

/** A synthetic adapter report for tests that must not depend on the machine's adapters. */
export function adapterReport(name: string, software: boolean, extra: Partial<AdapterReport> = {}): AdapterReport {
  return {
    name,
    backend: 'vulkan',
    vendor: software ? 'mesa' : 'nvidia',
    architecture: software ? 'software' : 'hopper',
    device: name.toLowerCase().replace(/\W+/g, '-'),
    description: `${name} description`,
    isFallbackAdapter: software,
    software,
    limits: DEFAULT_LIMITS,
    features: ['shader-f16', 'subgroups', 'timestamp-query', 'float32-filterable'],
    createOptions: ['backend=vulkan', `adapter=${name}`],
    ...extra,
  };
}
