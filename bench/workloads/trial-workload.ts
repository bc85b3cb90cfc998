import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { webgpuPackageVersion } from '../../src/engine/webgpu/dawn.js';
import { packageRoot, packageVersion } from '../../src/package-root.js';
import { type CellSpec, SpecSchema } from '../../src/spec/cell-schema.js';
import { expandSpec } from '../../src/spec/expand.js';
import { parseWith } from '../../src/spec/zod-error.js';
import { createTrialExecutor } from '../../src/trials/backend-executor.js';
import type { TrialCell } from '../../src/trials/cell.js';
import { resolveCell } from '../../src/trials/resolve-cell.js';
import { type CellResult, runCell } from '../../src/trials/run-cell.js';
import type { ConfigResult, RunnerResult, Statistic } from '../harness/result.js';
import type { GradcodeBackend } from './types.js';

/** Directory of the workload spec files: bench/workloads/ of the repository (also when running from dist/). */
export function workloadsDir(): string {
  return join(packageRoot(), 'bench', 'workloads');
}

/** One configuration of a trial workload: its label, validated cell spec and resolved cell. */
export interface TrialConfig {
  readonly label: string;
  readonly spec: CellSpec;
  readonly cell: TrialCell;
}

/**
 * Loads a workload spec (bench/workloads/*.yaml, gradcode's own spec format), sets every cell's trial count, and
 * resolves the cells exactly as `gradcode run` would (same codes, orders, straggler models and counter words).
 */
export function loadTrialConfigs(specFile: string, trials: number): TrialConfig[] {
  const path = join(workloadsDir(), specFile);
  const raw = YAML.parse(readFileSync(path, 'utf8')) as { defaults?: Record<string, unknown> };
  raw.defaults = { ...raw.defaults, trials };
  const spec = parseWith(SpecSchema, raw, specFile);
  return expandSpec(spec).map((expanded) => ({
    label: expanded.spec.label ?? `cell ${expanded.index}`,
    spec: expanded.spec,
    cell: resolveCell(expanded.spec, { field: `${specFile} cells[${expanded.index}]`, index: expanded.index }),
  }));
}

/** Which statistics of a cell a workload compares. */
export type TrialStatistic = 'mean completion' | 'p99 completion' | 'censored' | 'mean error';

/** The named statistics of a finished cell, in the format every runner reports. */
export function trialStatistics(result: CellResult, names: readonly TrialStatistic[]): Record<string, Statistic> {
  const s = result.stats;
  const out: Record<string, Statistic> = {};
  for (const name of names) {
    if (name === 'mean completion') {
      const c = s.completion;
      out[name] = { kind: 'mean', mean: c.mean, se: c.se, n: c.n, ciLo: c.ciLo, ciHi: c.ciHi };
    } else if (name === 'p99 completion') {
      const h = result.reduction.histogram;
      const resolution = s.completion.quantilesExact || !h ? 0 : (h.hi - h.lo) / h.bins;
      out[name] = { kind: 'quantile', q: 0.99, value: s.completion.p99, resolution };
    } else if (name === 'censored') {
      out[name] = { kind: 'count', count: s.censored, of: s.trials };
    } else {
      const e = s.errors[0].error;
      out[name] = { kind: 'mean', mean: e.mean, se: e.se, n: e.n, ciLo: e.ciLo, ciHi: e.ciHi };
    }
  }
  return out;
}

/**
 * Runs every configuration of a trial workload on a fresh backend and reports it like a peer: setup = backend
 * creation (Dawn device or worker pool); per configuration, the wall time of `runCell` (pipeline compilation on first
 * use included); GPU memory = the largest device-buffer pool seen after a configuration (WebGPU only).
 */
export async function runTrialWorkload(
  workload: string,
  configs: readonly TrialConfig[],
  backend: GradcodeBackend,
  statistics: readonly TrialStatistic[],
): Promise<RunnerResult> {
  const setupStarted = performance.now();
  const executor = await createTrialExecutor({ backend });
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  const results: ConfigResult[] = [];
  let gpuPeakBytes = 0;
  let backendStats: ReturnType<typeof executor.backend.stats>;
  try {
    for (const config of configs) {
      const started = performance.now();
      const result = await runCell(config.cell, executor);
      const seconds = (performance.now() - started) / 1000;
      gpuPeakBytes = Math.max(gpuPeakBytes, executor.backend.memory().allocatedBytes);
      results.push({
        label: config.label,
        seconds,
        units: result.stats.trials,
        stats: trialStatistics(result, statistics),
      });
    }
    backendStats = executor.backend.stats();
  } finally {
    await executor.dispose();
  }
  return {
    runner: 'gradcode',
    workload,
    device: executor.description,
    versions: { gradcode: packageVersion(), node: process.version, webgpu: webgpuPackageVersion() },
    setupSeconds,
    configs: results,
    maxRssKiB: process.resourceUsage().maxRSS,
    gpuPeakBytes: executor.kind === 'webgpu' ? gpuPeakBytes : null,
    notes: { backend: executor.kind, ...backendStats },
  };
}
