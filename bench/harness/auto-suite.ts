import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/errors.js';
import { type MachineInfo, machineInfo } from './machine.js';
import { type Timing, timing } from './summary.js';

/**
 * `npm run bench -- --suite auto` (issue 18): is `--backend auto` ever the slow choice? Each workload runs as a user
 * runs it — the whole `gradcode run` (or `train`) process — on `--backend cpu`, `--backend webgpu` and
 * `--backend auto`, interleaved, with the Vulkan driver's shader cache cold (a fresh `MESA_SHADER_CACHE_DIR` per run)
 * and warm (one folder filled by a warm-up run). Auto uses a calibration measured first by `gradcode doctor
 * --recalibrate` (its time is reported); `fresh` runs auto once more with neither a calibration nor a driver cache,
 * as on a new machine. Also: the seconds until lavapipe's first cell is done (cold and warm) and `npm start` on a
 * fresh copy of the repository (committed HEAD, dependencies linked, no caches).
 */

/** The workloads of the suite (specs of the repository). */
export const AUTO_WORKLOADS = {
  default: { command: 'run', spec: 'examples/default.yaml' },
  w1: { command: 'run', spec: 'bench/workloads/w1.yaml' },
  w2: { command: 'run', spec: 'bench/workloads/w2.yaml' },
  w3: { command: 'train', spec: 'bench/workloads/w3.yaml' },
  sweep48: { command: 'run', spec: 'bench/sweeps/sweep48.yaml' },
} as const;

export type AutoWorkload = keyof typeof AUTO_WORKLOADS;
type Backend = 'cpu' | 'webgpu' | 'auto';
type CacheState = 'cold' | 'warm' | 'fresh';

/** One process run. */
export interface AutoRun {
  readonly workload: AutoWorkload;
  readonly backend: Backend;
  readonly state: CacheState;
  readonly seconds: number;
  /** Seconds from the start of the process until its first cell was done (trial sweeps), else null. */
  readonly firstCellSeconds: number | null;
  /** The backend the run used (auto's pick). */
  readonly ran: 'cpu' | 'webgpu' | 'unknown';
  readonly ok: boolean;
  readonly error?: string;
}

/** The suite's report. */
export interface AutoReport {
  readonly startedAt: string;
  readonly machine: MachineInfo;
  readonly commit: string;
  readonly calibrationSeconds: number;
  readonly runs: readonly AutoRun[];
  readonly npmStart: { readonly seconds: number; readonly ok: boolean } | null;
}

function repoRoot(): string {
  // dist/bench/harness/auto-suite.js or bench/harness/auto-suite.ts → the repository root.
  const here = fileURLToPath(new URL('.', import.meta.url));
  return resolve(here, import.meta.url.endsWith('.ts') ? '../..' : '../../..');
}

/** Runs a command; resolves with its wall seconds, exit code, output and when the first cell was done. */
function timedProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutSeconds: number },
): Promise<{ seconds: number; code: number | null; stdout: string; stderr: string; firstCell: number | null }> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let firstCell: number | null = null;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (firstCell === null && /gradcode: cell \d+ done/.test(stderr))
        firstCell = (performance.now() - started) / 1000;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ seconds: (performance.now() - started) / 1000, code, stdout, stderr, firstCell });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ seconds: 0, code: -1, stdout, stderr: error.message, firstCell });
    });
  });
}

/** Options of {@link runAutoSuite}. */
export interface AutoSuiteOptions {
  readonly workloads: readonly AutoWorkload[];
  readonly reps: number;
  readonly outDir: string;
  readonly timeoutSeconds: number;
  readonly npmStart: boolean;
  readonly log: (line: string) => void;
}

/** Validates `--workload` for the auto suite. */
export function autoWorkloads(value: string | undefined): AutoWorkload[] {
  const all = Object.keys(AUTO_WORKLOADS) as AutoWorkload[];
  if (value === undefined) return all;
  const items = value.split(',').map((s) => s.trim().toLowerCase());
  for (const item of items)
    if (!all.includes(item as AutoWorkload))
      throw new InputError('--workload', `unknown auto-suite workload "${item}"; choose from ${all.join(', ')}`);
  return [...new Set(items)] as AutoWorkload[];
}

/** Runs the suite (see the module comment) and returns its report. */
export async function runAutoSuite(options: AutoSuiteOptions): Promise<AutoReport> {
  const root = repoRoot();
  const bin = join(root, 'dist', 'src', 'cli', 'bin.js');
  const out = options.outDir;
  const warmMesa = join(out, 'mesa-warm');
  const calibration = join(out, 'calibration');
  mkdirSync(warmMesa, { recursive: true });
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const commit = (
    await timedProcess('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, env: process.env, timeoutSeconds: 10 })
  ).stdout.trim();
  const baseEnv = { ...process.env, GRADCODE_PROGRESS_INTERVAL: '100000' };
  const envFor = (mesa: string, cache: string) => ({
    ...baseEnv,
    MESA_SHADER_CACHE_DIR: mesa,
    GRADCODE_CACHE_DIR: cache,
  });

  options.log('calibrating (gradcode doctor --recalibrate)');
  const cal = await timedProcess(process.execPath, [bin, 'doctor', '--recalibrate'], {
    cwd: root,
    env: envFor(warmMesa, calibration),
    timeoutSeconds: options.timeoutSeconds,
  });
  writeFileSync(join(out, 'doctor.txt'), cal.stdout + cal.stderr);

  let serial = 0;
  const once = async (workload: AutoWorkload, backend: Backend, state: CacheState): Promise<AutoRun> => {
    const { command, spec } = AUTO_WORKLOADS[workload];
    const n = serial++;
    const mesa = state === 'warm' ? warmMesa : join(out, `mesa-${n}`);
    const cache = state === 'fresh' ? join(out, `calibration-${n}`) : calibration;
    const progress = command === 'run' ? ['--progress', 'lines'] : ['--progress', 'none'];
    const result = await timedProcess(
      process.execPath,
      [bin, command, spec, '--backend', backend, '--out', join(out, 'results', `${n}`), ...progress],
      { cwd: root, env: envFor(mesa, cache), timeoutSeconds: options.timeoutSeconds },
    );
    if (state !== 'warm') rmSync(mesa, { recursive: true, force: true });
    if (state === 'fresh') rmSync(cache, { recursive: true, force: true });
    rmSync(join(out, 'results', `${n}`), { recursive: true, force: true });
    const described =
      /on (cpu|webgpu):/.exec(result.stdout)?.[1] ?? /\bbackend (cpu|webgpu)\b/.exec(result.stdout)?.[1];
    const picked = /auto → (cpu|webgpu)/.exec(result.stderr)?.[1];
    const ran = (backend === 'auto' ? (picked ?? described) : backend) as AutoRun['ran'] | undefined;
    const run: AutoRun = {
      workload,
      backend,
      state,
      seconds: result.seconds,
      firstCellSeconds: result.firstCell,
      ran: ran ?? 'unknown',
      ok: result.code === 0,
      ...(result.code === 0 ? {} : { error: result.stderr.trim().split('\n').slice(-5).join('\n') }),
    };
    options.log(
      `${workload} ${state} ${backend}: ${run.seconds.toFixed(2)} s${run.ok ? '' : ' FAILED'}${backend === 'auto' ? ` (→ ${run.ran})` : ''}`,
    );
    return run;
  };

  options.log('warm-up: every workload once on webgpu, filling the warm driver cache');
  for (const workload of options.workloads) await once(workload, 'webgpu', 'warm');

  const runs: AutoRun[] = [];
  const backends: Backend[] = ['cpu', 'webgpu', 'auto'];
  for (let rep = 0; rep < options.reps; rep++) {
    for (const workload of options.workloads) {
      for (const state of ['cold', 'warm'] as const) {
        // Rotate the order so that no backend always runs first (right after another's load).
        for (let k = 0; k < backends.length; k++) runs.push(await once(workload, backends[(k + rep) % 3], state));
      }
      runs.push(await once(workload, 'auto', 'fresh'));
    }
  }

  let npmStart: AutoReport['npmStart'] = null;
  if (options.npmStart) {
    options.log('npm start on a fresh copy (git archive HEAD, node_modules linked, no caches)');
    const copy = join(out, 'fresh-copy');
    mkdirSync(copy, { recursive: true });
    const archive = await timedProcess('sh', ['-c', `git archive HEAD | tar -x -C '${copy}'`], {
      cwd: root,
      env: process.env,
      timeoutSeconds: 120,
    });
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    const started = await timedProcess('npm', ['start', '--silent'], {
      cwd: copy,
      env: envFor(join(out, 'mesa-npm-start'), join(out, 'calibration-npm-start')),
      timeoutSeconds: options.timeoutSeconds,
    });
    npmStart = { seconds: started.seconds, ok: archive.code === 0 && started.code === 0 };
    writeFileSync(join(out, 'npm-start.txt'), started.stdout + started.stderr);
    rmSync(copy, { recursive: true, force: true });
    options.log(`npm start: ${started.seconds.toFixed(1)} s`);
  }
  return { startedAt, machine, commit, calibrationSeconds: cal.seconds, runs, npmStart };
}

function stats(values: readonly number[]): Timing | null {
  return values.length === 0 ? null : timing(values);
}

const fmt = (s: Timing | null) => (s ? `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}]` : '—');

/** The suite's report as Markdown: per workload and cache state, every backend's seconds and auto's ratio. */
export function formatAutoReport(r: AutoReport): string {
  const lines = [
    `gradcode bench --suite auto — started ${r.startedAt}, commit ${r.commit}`,
    `machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, ${r.machine.os}, Node ${r.machine.node}, load average at start ${r.machine.loadAverage}`,
    `calibration (gradcode doctor --recalibrate): ${r.calibrationSeconds.toFixed(1)} s`,
    '',
    '| workload | driver cache | cpu s | webgpu s | auto s | auto ran | auto ÷ faster (median) | within 20 % |',
    '| --- | --- | ---: | ---: | ---: | --- | ---: | --- |',
  ];
  const workloads = [...new Set(r.runs.map((x) => x.workload))];
  for (const w of workloads) {
    for (const state of ['cold', 'warm', 'fresh'] as const) {
      const of = (b: Backend) => r.runs.filter((x) => x.workload === w && x.state === state && x.backend === b && x.ok);
      const auto = stats(of('auto').map((x) => x.seconds));
      if (!auto) continue;
      const sameState = state === 'fresh' ? 'cold' : state;
      const pick = (b: Backend) =>
        stats(
          r.runs
            .filter((x) => x.workload === w && x.state === sameState && x.backend === b && x.ok)
            .map((x) => x.seconds),
        );
      const cpu = pick('cpu');
      const gpu = pick('webgpu');
      const faster = Math.min(cpu?.median ?? Number.POSITIVE_INFINITY, gpu?.median ?? Number.POSITIVE_INFINITY);
      const ratio = auto.median / faster;
      const ran = [...new Set(of('auto').map((x) => x.ran))].join(', ');
      const label = state === 'fresh' ? 'cold, no calibration' : state;
      lines.push(
        `| ${w} | ${label} | ${state === 'fresh' ? '(cold)' : fmt(cpu)} | ${state === 'fresh' ? '(cold)' : fmt(gpu)} | ${fmt(auto)} | ${ran} | ${ratio.toFixed(2)} | ${ratio <= 1.2 ? 'yes' : 'no'} |`,
      );
    }
  }
  lines.push('', '| workload | lavapipe first cell done, cold s | warm s |', '| --- | ---: | ---: |');
  for (const w of workloads) {
    const first = (state: CacheState) =>
      stats(
        r.runs
          .filter((x) => x.workload === w && x.backend === 'webgpu' && x.state === state && x.firstCellSeconds !== null)
          .map((x) => x.firstCellSeconds as number),
      );
    if (first('cold') || first('warm')) lines.push(`| ${w} | ${fmt(first('cold'))} | ${fmt(first('warm'))} |`);
  }
  if (r.npmStart)
    lines.push('', `npm start on a fresh copy: ${r.npmStart.seconds.toFixed(1)} s${r.npmStart.ok ? '' : ' (FAILED)'}`);
  const failed = r.runs.filter((x) => !x.ok);
  if (failed.length)
    lines.push('', `failed runs: ${failed.map((x) => `${x.workload}/${x.state}/${x.backend}: ${x.error}`).join('; ')}`);
  return lines.join('\n');
}
