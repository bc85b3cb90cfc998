import type { Command } from 'commander';
import { type BackendChoice, parseBackendChoice } from '../../engine/backend-choice.js';
import { collectEnvironment, type EnvironmentReport } from '../../engine/environment.js';
import { type AdapterReport, findAdapter } from '../../engine/webgpu/adapters.js';
import { packageVersion } from '../../package-root.js';
import { jsonOutput } from '../json-output.js';

/** What `--backend`/`--adapter` resolve to on this machine. */
interface Selection {
  readonly backend: 'webgpu' | 'cpu' | 'unavailable';
  readonly adapter: string | null;
  readonly reason: string;
}

/** The full doctor report (`gradcode doctor --json`). */
export interface DoctorReport extends EnvironmentReport {
  readonly gradcode: string;
  /** What the given `--backend`/`--adapter` select (the auto rule when neither is given). */
  readonly selected: Selection;
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

/** Builds the report for the given flags. */
export async function doctorReport(options: { backend?: string; adapter?: string } = {}): Promise<DoctorReport> {
  const choice = parseBackendChoice(options.backend ?? 'auto');
  const env = await collectEnvironment();
  return { gradcode: packageVersion(), ...env, selected: select(env, choice, options.adapter) };
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
    .action(async (options: { json?: boolean; backend: string; adapter?: string }) => {
      const report = await doctorReport(options);
      process.stdout.write(options.json ? jsonOutput(report, ['limits']) : formatDoctorReport(report));
    });
}
