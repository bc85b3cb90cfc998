import { InputError } from '../errors.js';

/** Options of the generated SLURM job scripts (`gradcode slurm`). */
export interface SlurmOptions {
  /** Sweep name (job names `gradcode-<name>`, `gradcode-<name>-merge`). */
  readonly name: string;
  /** Absolute results directory shared by every task; it holds the pinned spec (spec.resolved.json) the tasks run. */
  readonly out: string;
  /** Array tasks K: task i runs shard i/K. */
  readonly array: number;
  readonly cells: number;
  readonly specHash: string;
  /** Scheduler options of the array tasks (each becomes one `#SBATCH` line). */
  readonly partition?: string;
  readonly account?: string;
  readonly qos?: string;
  /** Node features, e.g. `a100` or `a100|h100`. */
  readonly constraint?: string;
  /** Memory per node, e.g. `16G`. */
  readonly mem?: string;
  readonly time?: string;
  readonly gpusPerTask?: string;
  readonly cpusPerTask?: number;
  /** At most this many array tasks at once (`--array=0-(K-1)%M`). */
  readonly maxParallel?: number;
  /** Further `#SBATCH` options of the array job, verbatim (e.g. `--mail-type=END`). */
  readonly sbatch: readonly string[];
  /** Shell lines run at the start of every job (array and merge) before gradcode, e.g. `module load nodejs/20`. */
  readonly setup: readonly string[];
  /** Partition of the merge job (default: the array's, unless the array asks for GPUs: then the cluster default). */
  readonly mergePartition?: string;
  /** Time limit of the merge job. */
  readonly mergeTime: string;
  /** Absolute path of the gradcode entry script (dist/src/cli/bin.js) the jobs run with the `node` on their PATH. */
  readonly bin: string;
  /** Flags of every task's `gradcode resume` (`--backend`, `--adapter`). */
  readonly taskFlags: readonly string[];
  /** gradcode version, for the header comment. */
  readonly version: string;
}

/** The three generated files. */
export interface SlurmScripts {
  /** `array.sbatch`: the job array, task i = `gradcode resume DIR --shard i/K` on the pinned spec. */
  readonly array: string;
  /** `merge.sbatch`: `gradcode merge DIR --out DIR`, on one CPU. */
  readonly merge: string;
  /** `submit.sh`: submits the array, then the merge with `--dependency=afterok:<array job>`; prints both job ids. */
  readonly submit: string;
}

/** Single-quotes a word for bash. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const NAME = /^[A-Za-z0-9_.-]+$/;
const NAMES = /^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/;
const TIME = /^\d+(-\d+)?(:\d+){0,2}$/;

/** `#SBATCH --x=y` or `--x=y` → `--x=y`; InputError unless it is one option on one line. */
export function sbatchOption(line: string, field = '--sbatch'): string {
  const option = line.trim().replace(/^#SBATCH\s+/, '');
  if (!/^--?[A-Za-z]/.test(option) || /[\r\n]/.test(option))
    throw new InputError(
      field,
      `expected one sbatch option such as --mail-type=END (or "#SBATCH --mail-type=END"), got "${line}"`,
    );
  return option;
}

/** Validates the values that go into `#SBATCH` lines (they cannot be quoted there) and the set-up lines. */
export function checkSlurmOptions(o: SlurmOptions): void {
  if (!(Number.isInteger(o.array) && o.array >= 1))
    throw new InputError('--array', `must be a positive integer, got ${o.array}`);
  if (o.array > o.cells)
    throw new InputError(
      '--array',
      `${o.array} tasks for ${o.cells} cells would leave tasks without work; use at most ${o.cells}`,
    );
  const check = (value: string | undefined, flag: string, pattern: RegExp, expected: string) => {
    if (value !== undefined && !pattern.test(value)) throw new InputError(flag, `expected ${expected}, got "${value}"`);
  };
  check(o.partition, '--partition', NAMES, 'a partition name (or a comma-separated list)');
  check(o.mergePartition, '--merge-partition', NAMES, 'a partition name (or a comma-separated list)');
  check(o.account, '--account', NAME, 'an account name');
  check(o.qos, '--qos', NAME, 'a QOS name');
  check(
    o.constraint,
    '--constraint',
    /^[^\s'"`$\\]+$/,
    'a feature expression without spaces, e.g. a100 or "a100|h100"',
  );
  check(o.mem, '--mem', /^\d+[KMGT]?$/i, 'a memory size such as 16G or 4000 (MB)');
  check(o.gpusPerTask, '--gpus-per-task', /^([A-Za-z0-9_.-]+:)?[1-9]\d*$/, 'a count or TYPE:COUNT (e.g. 1 or a100:1)');
  check(o.time, '--time', TIME, 'a SLURM time limit such as 60, 01:00:00 or 1-00:00:00');
  check(o.mergeTime, '--merge-time', TIME, 'a SLURM time limit such as 30 or 00:30:00');
  if (o.cpusPerTask !== undefined && !(Number.isInteger(o.cpusPerTask) && o.cpusPerTask >= 1))
    throw new InputError('--cpus-per-task', `must be a positive integer, got ${o.cpusPerTask}`);
  if (o.maxParallel !== undefined && !(Number.isInteger(o.maxParallel) && o.maxParallel >= 1))
    throw new InputError('--max-parallel', `must be a positive integer, got ${o.maxParallel}`);
  for (const line of o.sbatch) sbatchOption(line);
  for (const line of o.setup)
    if (/[\r\n]/.test(line) || line.trim() === '')
      throw new InputError(
        '--setup',
        `one shell line per --setup (repeat the flag for more), got ${JSON.stringify(line)}`,
      );
  if (/\s/.test(o.out))
    throw new InputError(
      '--out',
      `#SBATCH --output cannot hold whitespace; choose a path without spaces (got "${o.out}")`,
    );
}

/**
 * The lines that start gradcode in a job: the set-up lines, then strict mode, then `node` looked up on the job's PATH
 * (after set-up, so `module load` works), running this gradcode's entry script; GRADCODE_BIN overrides both.
 */
function launcher(o: SlurmOptions): string[] {
  return [
    // Set-up lines run before `set -u`: module systems and conda read unset variables.
    ...(o.setup.length ? ['# environment set-up (gradcode slurm --setup)', ...o.setup] : []),
    'set -euo pipefail',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash syntax
    'if [ -n "${GRADCODE_BIN:-}" ]; then',
    '  gradcode=("$GRADCODE_BIN")',
    'elif node=$(command -v node); then',
    `  gradcode=("$node" ${shellQuote(o.bin)})`,
    'else',
    `  echo "gradcode: no node on PATH in this job on $(hostname); load Node >= 20.19 with gradcode slurm --setup 'module load …', or set GRADCODE_BIN" >&2`,
    '  exit 127',
    'fi',
  ];
}

/**
 * Generates the job-array script, the merge script and the submit script of a sharded sweep. Task i runs
 * `gradcode resume DIR --shard i/K`: it reads the spec pinned in DIR/spec.resolved.json (written by `gradcode slurm`),
 * so editing or moving the spec file later changes nothing, and a re-run task continues its shard. Every task writes
 * its own shard log into DIR; the merge job (one CPU, no GPU) runs only when every task succeeded (`afterok`) and
 * refuses to merge if any cell is missing.
 */
export function slurmScripts(o: SlurmOptions): SlurmScripts {
  checkSlurmOptions(o);
  const header = (what: string) => [
    '#!/bin/bash',
    `# ${what} — generated by gradcode ${o.version} (gradcode slurm) for sweep "${o.name}":`,
    `# ${o.cells} cells in ${o.array} array tasks (task i runs the cells with index % ${o.array} == i), spec hash ${o.specHash.slice(0, 16)}…`,
  ];
  const logs = `${o.out}/slurm/logs`;
  const line = (option: string, value: string | number | undefined) =>
    value === undefined ? [] : [`#SBATCH --${option}=${value}`];
  const mergePartition = o.mergePartition ?? (o.gpusPerTask ? undefined : o.partition);
  const array = [
    ...header('Job array'),
    `#SBATCH --job-name=gradcode-${o.name}`,
    `#SBATCH --array=0-${o.array - 1}${o.maxParallel ? `%${o.maxParallel}` : ''}`,
    '#SBATCH --ntasks=1',
    ...line('cpus-per-task', o.cpusPerTask),
    ...line('gpus-per-task', o.gpusPerTask),
    ...line('mem', o.mem),
    ...line('constraint', o.constraint),
    ...line('account', o.account),
    ...line('partition', o.partition),
    ...line('qos', o.qos),
    ...line('time', o.time),
    ...o.sbatch.map((s) => `#SBATCH ${sbatchOption(s)}`),
    `#SBATCH --output=${logs}/sweep-%A_%a.out`,
    ...launcher(o),
    `exec "\${gradcode[@]}" resume ${shellQuote(o.out)} --shard "\${SLURM_ARRAY_TASK_ID}/${o.array}" --progress lines${o.taskFlags.length ? ` ${o.taskFlags.map(shellQuote).join(' ')}` : ''}`,
    '',
  ].join('\n');
  // Tasks allowed to run on different backends (a cluster of mixed GPUs) are merged the same way.
  const mixed = o.taskFlags.includes('--allow-mixed-backends');
  const merge = [
    ...header('Merge job (one CPU; runs after every array task succeeded)'),
    `#SBATCH --job-name=gradcode-${o.name}-merge`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    ...line('account', o.account),
    ...line('partition', mergePartition),
    ...line('qos', o.qos),
    `#SBATCH --time=${o.mergeTime}`,
    `#SBATCH --output=${logs}/merge-%j.out`,
    ...launcher(o),
    `exec "\${gradcode[@]}" merge ${shellQuote(o.out)} --out ${shellQuote(o.out)}${mixed ? ' --allow-mixed-backends' : ''}`,
    '',
  ].join('\n');
  // Bash parameter expansions (${…}) below are meant literally, not as template placeholders.
  const submit = [
    '#!/bin/bash',
    `# Submits the job array of sweep "${o.name}" and its merge job (--dependency=afterok on the array).`,
    'set -euo pipefail',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash syntax
    'here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"',
    'array_job=$(sbatch --parsable "$here/array.sbatch")',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash syntax
    'array_job=${array_job%%;*}',
    'merge_job=$(sbatch --parsable --dependency=afterok:"$array_job" "$here/merge.sbatch")',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash syntax
    'merge_job=${merge_job%%;*}',
    'printf "array %s\\nmerge %s\\n" "$array_job" "$merge_job" > "$here/jobs.txt"',
    `echo "array job: $array_job (${o.array} tasks)"`,
    'echo "merge job: $merge_job (after every array task succeeded)"',
    `echo "watch: squeue -j $array_job,$merge_job   results: ${o.out}"`,
    '',
  ].join('\n');
  return { array, merge, submit };
}
