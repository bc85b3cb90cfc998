import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import { type BackendChoice, parseBackendChoice } from '../../engine/backend-choice.js';
import { pipelineStates } from '../../engine/cost/auto-choice.js';
import { CalibrationStore, calibrationPath } from '../../engine/cost/calibration-store.js';
import { formatSeconds, predictDevice } from '../../engine/cost/cost-model.js';
import {
  adapterIdentity,
  cpuIdentity,
  type DeviceIdentity,
  describeIdentity,
} from '../../engine/cost/device-identity.js';
import { measureCompiles, recalibrate } from '../../engine/cost/recalibrate.js';
import type { WorkUnit } from '../../engine/cost/work-unit.js';
import { defaultCpuThreads } from '../../engine/cpu/worker-pool.js';
import { collectEnvironment, type EnvironmentReport } from '../../engine/environment.js';
import { type AdapterReport, findAdapter, listAdapters } from '../../engine/webgpu/adapters.js';
import { packageRoot, packageVersion } from '../../package-root.js';
import { loadSpecFile } from '../../spec/load-spec.js';
import { referenceTrialWorkload } from '../../trials/reference-workload.js';
import { resolveCell } from '../../trials/resolve-cell.js';
import { trialWorkload } from '../../trials/trial-workload.js';
import { jsonOutput } from '../json-output.js';

/** What `--backend`/`--adapter` resolve to on this machine. */
interface Selection {
  readonly backend: 'webgpu' | 'cpu' | 'unavailable';
  readonly adapter: string | null;
  readonly reason: string;
}

/** One family's measurement on one device, as doctor prints it. */
export interface CalibrationRow {
  readonly family: string;
  readonly probe: string;
  /** Seconds per item of the steady-state probe run. */
  readonly secondsPerItem: number;
  readonly compileColdSeconds: number | null;
  readonly compileWarmSeconds: number | null;
  readonly measuredAt: string;
}

/** The calibration of one device (empty `families` when it was never measured). */
export interface DeviceCalibrationReport {
  readonly device: string;
  readonly kind: 'cpu' | 'webgpu';
  readonly startSeconds: number | null;
  readonly startMeasuredAt: string | null;
  readonly families: readonly CalibrationRow[];
}

/** What the cost model predicts for the default experiment on each device (null seconds: not calibrated for it). */
export interface ExamplePrediction {
  readonly spec: string;
  readonly devices: readonly {
    readonly device: string;
    readonly seconds: number | null;
    readonly missing: readonly string[];
  }[];
}

/** The full doctor report (`gradcode doctor --json`). */
export interface DoctorReport extends EnvironmentReport {
  readonly gradcode: string;
  /** What the given `--backend`/`--adapter` select (the auto rule when neither is given). */
  readonly selected: Selection;
  /** The calibration file and what it holds for this machine's devices (measured numbers only). */
  readonly calibration?: { readonly path: string; readonly devices: readonly DeviceCalibrationReport[] };
  /** The cost model's prediction for examples/default.yaml. */
  readonly example?: ExamplePrediction;
}

/** Resolves the flags against the report; unknown backend or adapter names throw `InputError` (exit 2). */
function select(env: EnvironmentReport, choice: BackendChoice, adapter: string | undefined): Selection {
  if (adapter !== undefined) {
    const found = findAdapter(env.adapters, adapter);
    return { backend: 'webgpu', adapter: found.name, reason: `--adapter "${adapter}"` };
  }
  if (choice === 'cpu') return { backend: 'cpu', adapter: null, reason: '--backend cpu' };
  if (choice === 'webgpu') {
    const first = env.adapters[0];
    return first
      ? { backend: 'webgpu', adapter: first.name, reason: '--backend webgpu (Dawn picks the high-performance adapter)' }
      : { backend: 'unavailable', adapter: null, reason: '--backend webgpu, but no WebGPU adapter was found' };
  }
  return { backend: env.auto.backend, adapter: env.auto.adapter, reason: env.auto.reason };
}

/** The devices of this machine: the CPU backend, then every adapter. */
function deviceIdentities(
  adapters: readonly AdapterReport[],
): { identity: DeviceIdentity; adapter: AdapterReport | null }[] {
  return [
    { identity: cpuIdentity(defaultCpuThreads()), adapter: null },
    ...adapters.map((adapter) => ({ identity: adapterIdentity(adapter), adapter })),
  ];
}

function calibrationReport(adapters: readonly AdapterReport[]): NonNullable<DoctorReport['calibration']> {
  const devices = deviceIdentities(adapters).map(({ identity }) => {
    const d = CalibrationStore.open(identity).device;
    return {
      device: describeIdentity(identity),
      kind: identity.kind,
      startSeconds: d.startSeconds ?? null,
      startMeasuredAt: d.startMeasuredAt ?? null,
      families: Object.entries(d.families).map(([family, m]) => ({
        family,
        probe: m.probe,
        secondsPerItem: m.seconds / m.items,
        compileColdSeconds: m.compileColdSeconds ?? null,
        compileWarmSeconds: m.compileWarmSeconds ?? null,
        measuredAt: m.measuredAt,
      })),
    };
  });
  return { path: calibrationPath(), devices };
}

/** The work of a spec's cells (every cell resolved). */
function specWorkload(path: string): WorkUnit[] {
  const loaded = loadSpecFile(path);
  return trialWorkload(
    loaded.cells.map((c, i) => resolveCell(c.spec, { field: c.origin, index: i, baseDir: loaded.baseDir })),
  );
}

const EXAMPLE_SPEC = 'examples/default.yaml';

function examplePrediction(adapters: readonly AdapterReport[]): ExamplePrediction {
  const units = specWorkload(`${packageRoot()}/${EXAMPLE_SPEC}`);
  const devices = deviceIdentities(adapters).map(({ identity, adapter }) => {
    const store = CalibrationStore.open(identity);
    const p = predictDevice(store.device, identity.kind, units, {
      pipelines: adapter ? pipelineStates(store, adapter, new Set()) : undefined,
    });
    return { device: describeIdentity(identity), seconds: p.missing.length ? null : p.seconds, missing: p.missing };
  });
  return { spec: EXAMPLE_SPEC, devices };
}

/** Builds the report for the given flags. */
export async function doctorReport(options: { backend?: string; adapter?: string } = {}): Promise<DoctorReport> {
  const choice = parseBackendChoice(options.backend ?? 'auto');
  const env = await collectEnvironment();
  return {
    gradcode: packageVersion(),
    ...env,
    selected: select(env, choice, options.adapter),
    calibration: calibrationReport(env.adapters),
    example: examplePrediction(env.adapters),
  };
}

/** Cold compile seconds per family on an adapter, measured in a child process with the driver's shader cache off. */
function coldCompiles(adapter: AdapterReport): Promise<Record<string, number> | null> {
  const bin = fileURLToPath(new URL('../bin.js', import.meta.url));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, 'doctor', '--compile-probe', adapter.name],
      { env: { ...process.env, MESA_SHADER_CACHE_DISABLE: 'true', __GL_SHADER_DISK_CACHE: '0' }, timeout: 600_000 },
      (error, stdout) => {
        try {
          resolve(error ? null : (JSON.parse(stdout) as Record<string, number>));
        } catch {
          resolve(null);
        }
      },
    );
  });
}

/** `gradcode doctor --recalibrate`: measures the reference workload on the CPU backend and every adapter. */
export async function recalibrateMachine(log: (line: string) => void): Promise<void> {
  const adapters = await listAdapters().catch(() => []);
  await recalibrate(referenceTrialWorkload(), { adapters, coldCompiles, log });
}

function mib(bytes: number): string {
  if (bytes >= 2 ** 30) return `${+(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${+(bytes / 1024).toFixed(1)} KiB`;
}

function formatAdapter(a: AdapterReport): string[] {
  const l = a.limits;
  const shown = a.features.filter((f) => ['shader-f16', 'subgroups', 'timestamp-query'].includes(f));
  const more = a.features.length - shown.length;
  return [
    `  • ${a.name}  [${a.backend}, ${a.software ? 'software' : 'hardware'}${a.isFallbackAdapter ? ', fallback adapter' : ''}]`,
    `      vendor ${a.vendor || '?'} · architecture ${a.architecture || '?'} · device ${a.device || '?'}`,
    `      description ${a.description || '?'}`,
    `      limits: storage binding ${mib(l.maxStorageBufferBindingSize)} · buffer ${mib(l.maxBufferSize)} · ` +
      `workgroup storage ${mib(l.maxComputeWorkgroupStorageSize)} · invocations/workgroup ${l.maxComputeInvocationsPerWorkgroup} · ` +
      `workgroup size ${l.maxComputeWorkgroupSizeX}×${l.maxComputeWorkgroupSizeY}×${l.maxComputeWorkgroupSizeZ} · ` +
      `workgroups/dimension ${l.maxComputeWorkgroupsPerDimension} · storage buffers/stage ${l.maxStorageBuffersPerShaderStage}`,
    `      features: ${shown.join(', ') || 'none of shader-f16, subgroups, timestamp-query'}${more > 0 ? ` (+${more} more)` : ''}`,
  ];
}

function perItem(seconds: number): string {
  if (seconds >= 1e-3) return `${+(seconds * 1e3).toPrecision(3)} ms`;
  if (seconds >= 1e-6) return `${+(seconds * 1e6).toPrecision(3)} µs`;
  return `${+(seconds * 1e9).toPrecision(3)} ns`;
}

function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'never';
}

/** The calibration section: every measured number with when it was measured; nothing unmeasured. */
export function formatCalibration(c: NonNullable<DoctorReport['calibration']>): string[] {
  const lines = [`Calibration of --backend auto (${c.path}; \`gradcode doctor --recalibrate\` measures again):`];
  for (const d of c.devices) {
    if (d.families.length === 0 && d.startSeconds === null) {
      lines.push(`  • ${d.device}: not measured`);
      continue;
    }
    lines.push(
      `  • ${d.device}: start-up ${d.startSeconds === null ? 'not measured' : `${formatSeconds(d.startSeconds)} (${when(d.startMeasuredAt)})`}`,
    );
    for (const f of d.families) {
      const compile =
        d.kind === 'webgpu'
          ? ` · compile ${f.compileColdSeconds === null ? 'cold not measured' : `${formatSeconds(f.compileColdSeconds)} cold`}, ` +
            `${f.compileWarmSeconds === null ? 'warm not measured' : `${formatSeconds(f.compileWarmSeconds)} warm`}`
          : '';
      lines.push(
        `      ${f.family}: ${perItem(f.secondsPerItem)} per item${compile} (${f.probe}; ${when(f.measuredAt)})`,
      );
    }
  }
  return lines;
}

/** The default experiment's predicted time on each device. */
export function formatExample(e: ExamplePrediction): string[] {
  return [
    `Predicted for ${e.spec} (gradcode run, cost model above):`,
    ...e.devices.map(
      (d) =>
        `  • ${d.device}: ${d.seconds === null ? `not calibrated for it (${d.missing.join(', ')})` : formatSeconds(d.seconds)}`,
    ),
  ];
}

/** The human-readable report. */
export function formatDoctorReport(r: DoctorReport): string {
  const lines = [
    `gradcode ${r.gradcode}`,
    `  Node ${r.node} (${r.platform}) · webgpu (Dawn for Node) ${r.webgpu}`,
    `  CPU: ${r.cpu.model} · ${r.cpu.threads} threads`,
    '',
  ];
  if (r.dawnError) lines.push(`Dawn could not be loaded: ${r.dawnError}`);
  lines.push(`WebGPU adapters (${r.adapters.length}):`);
  if (r.adapters.length === 0) lines.push('  none');
  for (const a of r.adapters) lines.push(...formatAdapter(a));
  if (r.fix) lines.push(`  fix: ${r.fix}`);
  lines.push('');
  if (r.calibration) lines.push(...formatCalibration(r.calibration), '');
  if (r.example) lines.push(...formatExample(r.example), '');
  const auto = r.auto.adapter ? `webgpu on "${r.auto.adapter}"` : r.auto.backend;
  lines.push(`--backend auto → ${auto}: ${r.auto.reason}`);
  const s = r.selected;
  if (s.reason !== r.auto.reason)
    lines.push(`selected → ${s.adapter ? `${s.backend} on "${s.adapter}"` : s.backend}: ${s.reason}`);
  return `${lines.join('\n')}\n`;
}

/** Registers `gradcode doctor [--json] [--backend B] [--adapter NAME]`. */
export function register(program: Command): void {
  program
    .command('doctor')
    .description('show Node and Dawn versions, every WebGPU adapter, and the backend `auto` would pick')
    .option('--json', 'print the report as JSON')
    .option('--backend <name>', 'check a backend choice: auto, webgpu or cpu', 'auto')
    .option('--adapter <name>', 'check an adapter name (see the list)')
    .option(
      '--recalibrate',
      "measure auto's cost model again on the CPU backend and every adapter (minutes on lavapipe)",
    )
    .addOption(new Option('--compile-probe <adapter>', 'internal: cold compile times, JSON').hideHelp())
    .action(
      async (options: {
        json?: boolean;
        backend: string;
        adapter?: string;
        recalibrate?: boolean;
        compileProbe?: string;
      }) => {
        if (options.compileProbe !== undefined) {
          const times = await measureCompiles(referenceTrialWorkload(), options.compileProbe);
          process.stdout.write(`${JSON.stringify(times)}\n`);
          return;
        }
        if (options.recalibrate)
          await recalibrateMachine((line) => process.stderr.write(`gradcode: calibrating ${line}\n`));
        const report = await doctorReport(options);
        process.stdout.write(options.json ? jsonOutput(report, ['limits']) : formatDoctorReport(report));
      },
    );
}
