import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { verbosity } from '../../engine/verbosity.js';
import { InputError } from '../../errors.js';
import { escapeControl } from '../../input/terminal-text.js';
import { packageRoot, packageVersion } from '../../package-root.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { checkSameSweep, holdsResolvedSpec, recordSpec } from '../../store/resolved-spec.js';
import { checkSameTrainSweep, holdsResolvedTrainSpec, recordTrainSpec } from '../../store/resolved-train.js';
import { claimResultsDir } from '../../store/results-dir.js';
import { planCells } from '../../sweep/plan.js';
import { formatPlanSummary, summarizePlan } from '../../sweep/plan-summary.js';
import { slurmScripts } from '../../sweep/slurm-script.js';
import { isTrainSpecFile, loadTrainSpecFile } from '../../train/spec/load-train-spec.js';
import { addOverrideOptions, defaultResultsDir, loadAndPlan, type SweepFlags } from './run.js';
import { trainOverrides } from './train.js';

interface SlurmFlags extends SweepFlags {
  readonly array: string;
  readonly account?: string;
  readonly partition?: string;
  readonly qos?: string;
  readonly constraint?: string;
  readonly mem?: string;
  readonly time?: string;
  readonly gpusPerTask?: string;
  readonly cpusPerTask?: string;
  readonly maxParallel?: string;
  readonly sbatch: string[];
  readonly setup: string[];
  readonly mergePartition?: string;
  readonly mergeTime: string;
  readonly out?: string;
  readonly submit?: boolean;
}

const EXAMPLES = `
Examples:
  gradcode slurm big.yaml --array 16 --account proj42 --partition gpu --gpus-per-task 1 --mem 16G \\
      --time 02:00:00 --setup 'module load nodejs/20' --out /scratch/big
  bash /scratch/big/slurm/submit.sh              submits the array and the merge job (afterok)
  gradcode slurm big.yaml --array 4 --backend cpu --cpus-per-task 8 --qos short --submit
  gradcode slurm big.yaml --array 8 --sbatch=--mail-type=END --sbatch=--mail-user=me@example.org

Validates every cell of the spec first (exit 2 naming the field) and pins it in OUT/spec.resolved.json; then writes
OUT/slurm/array.sbatch (task i runs \`gradcode resume OUT --shard i/K\`, which reads the pinned spec: editing or
moving the spec file later changes nothing), OUT/slurm/merge.sbatch (\`gradcode merge OUT --out OUT\` on one CPU,
no GPU: the array's partition unless the array asks for GPUs, or --merge-partition; --merge-time, default 00:30:00)
and OUT/slurm/submit.sh, which submits the array and then the merge with --dependency=afterok:<array job>. Logs go
to OUT/slurm/logs/.

Scheduler options: --account and --qos go to both jobs; --partition, --mem, --constraint, --time, --gpus-per-task,
--cpus-per-task and each --sbatch LINE (any sbatch option, written as an #SBATCH line: --sbatch --mail-type=END or
--sbatch '#SBATCH --mail-type=END') to the array. Each --setup LINE is a shell line run first in both jobs, before
strict mode (module load, conda activate, export …). The jobs find \`node\` on their PATH at run time, after the set-up lines, and run this
gradcode's ${join('dist', 'src', 'cli', 'bin.js')} (set GRADCODE_BIN to run another executable).

--gpus-per-task implies --backend webgpu: a task on a node without a usable GPU fails (exit 1, named in its log)
instead of running on the CPU; --backend auto lets it fall back. A failed task can be re-run alone
(\`sbatch --array=i OUT/slurm/array.sbatch\`) or finished with \`gradcode resume OUT --shard i/K\`.`;

function positive(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InputError(flag, `must be a positive integer, got "${text}"`);
  return n;
}

/** The entry script of this gradcode (the jobs run it with the `node` they find). */
function gradcodeBin(): string {
  const script = process.argv[1] ? resolve(process.argv[1]) : '';
  return basename(script) === 'bin.js' ? script : join(packageRoot(), 'dist', 'src', 'cli', 'bin.js');
}

/** The tasks' backend: --backend, else webgpu when GPUs are requested (a GPU job must not silently use the CPU). */
function taskBackend(flags: SlurmFlags): string | undefined {
  if (flags.gpusPerTask !== undefined && flags.backend?.trim().toLowerCase() === 'cpu')
    throw new InputError('--backend', 'cpu with --gpus-per-task would leave the GPUs idle; drop one of the two');
  return flags.backend ?? (flags.gpusPerTask !== undefined ? 'webgpu' : undefined);
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `gradcode slurm SPEC --array K …`. */
export function register(program: Command): void {
  const command = program
    .command('slurm')
    .description('write an sbatch job-array script (task i = shard i/K) and a merge job that runs after it')
    .argument('<spec>', 'spec file (.yaml, .yml or .json)')
    .requiredOption('--array <K>', 'number of array tasks K')
    .option('--account <name>', 'SLURM account charged (both jobs)')
    .option('--partition <name>', 'SLURM partition of the array tasks')
    .option('--qos <name>', 'quality of service (both jobs)')
    .option('--constraint <features>', 'node features the array tasks need, e.g. a100')
    .option('--mem <size>', 'memory per array task node, e.g. 16G')
    .option('--time <limit>', 'time limit per array task, e.g. 01:00:00')
    .option('--gpus-per-task <n>', 'GPUs per array task (a count or TYPE:COUNT); implies --backend webgpu')
    .option('--cpus-per-task <n>', 'CPUs per array task')
    .option('--max-parallel <n>', 'run at most n array tasks at once')
    .option('--sbatch <line>', 'another #SBATCH option of the array job (repeatable)', collect, [])
    .option(
      '--setup <line>',
      'a shell line run first in every job, e.g. "module load nodejs/20" (repeatable)',
      collect,
      [],
    )
    .option('--merge-partition <name>', 'partition of the merge job (default: the array’s, unless it asks for GPUs)')
    .option('--merge-time <limit>', 'time limit of the merge job', '00:30:00')
    .option('--out <dir>', 'results directory shared by the tasks (default: results/<name>-<UTC time>)')
    .option('--backend <name>', 'backend of every task: auto | webgpu | cpu (default: webgpu with GPUs, else auto)')
    .option('--adapter <name>', 'WebGPU adapter of every task')
    .option('--allow-mixed-backends', 'let tasks run on different backends or GPU models (merged the same way)')
    .option('--submit', 'also run submit.sh (needs sbatch)');
  addOverrideOptions(command)
    .addHelpText('after', EXAMPLES)
    .action((specPath: string, flags: SlurmFlags) => {
      const array = positive(flags.array, '--array')!;
      // A training spec (a file with a dataset) is sharded by the runs of its sweep; its tasks resume it like trials.
      const train = isTrainSpecFile(specPath);
      if (train && flags.trials !== undefined)
        throw new InputError('--trials', 'a training spec has runs and iterations; set them in the spec');
      const trainLoaded = train ? loadTrainSpecFile(specPath, trainOverrides(flags)) : null;
      const trial = train ? null : loadAndPlan(specPath, { ...flags, progress: 'none' }, { index: 0, count: 1 }).loaded;
      const planned = trial ? planCells(trial) : []; // every cell, so no array task fails on bad input
      const loaded = {
        spec: { name: trainLoaded?.name ?? trial!.spec.name },
        cells: trainLoaded?.cells ?? trial!.cells,
        specHash: trainLoaded?.specHash ?? trial!.specHash,
      };
      const out = resolve(flags.out ?? defaultResultsDir(loaded.spec.name));
      const backend = taskBackend(flags);
      const scripts = slurmScripts({
        name: loaded.spec.name,
        out,
        array,
        cells: loaded.cells.length,
        specHash: loaded.specHash,
        partition: flags.partition,
        account: flags.account,
        qos: flags.qos,
        constraint: flags.constraint,
        mem: flags.mem,
        time: flags.time,
        gpusPerTask: flags.gpusPerTask,
        cpusPerTask: positive(flags.cpusPerTask, '--cpus-per-task'),
        maxParallel: positive(flags.maxParallel, '--max-parallel'),
        sbatch: flags.sbatch,
        setup: flags.setup,
        mergePartition: flags.mergePartition,
        mergeTime: flags.mergeTime,
        bin: gradcodeBin(),
        taskFlags: [
          ...(backend ? ['--backend', backend] : []),
          ...(flags.adapter ? ['--adapter', flags.adapter] : []),
          ...(flags.allowMixedBackends ? ['--allow-mixed-backends'] : []),
        ],
        version: packageVersion(),
      });
      const slurmDir = join(out, 'slurm');
      // The results directory is gradcode's (a foreign one is refused before anything is written) and pins the spec
      // every task reads (overrides included).
      if (existsSync(out)) {
        if (trainLoaded) checkSameTrainSweep(out, trainLoaded);
        else checkSameSweep(out, trial!);
      }
      claimResultsDir(out, trainLoaded ? 'train' : 'sweep', {
        adopt: trainLoaded ? holdsResolvedTrainSpec : holdsResolvedSpec,
      });
      mkdirSync(join(slurmDir, 'logs'), { recursive: true });
      if (trainLoaded) recordTrainSpec(out, trainLoaded);
      else recordSpec(out, trial!);
      // The plan once the directory is accepted (a refusal comes first and alone).
      if (trial && verbosity() !== 'quiet')
        process.stderr.write(escapeControl(formatPlanSummary(summarizePlan(planned), 20)));
      for (const [name, text] of [
        ['array.sbatch', scripts.array],
        ['merge.sbatch', scripts.merge],
        ['submit.sh', scripts.submit],
      ] as const) {
        writeFileAtomic(join(slurmDir, name), text);
        chmodSync(join(slurmDir, name), 0o755);
      }
      const submit = join(slurmDir, 'submit.sh');
      process.stdout.write(
        `wrote ${join(slurmDir, 'array.sbatch')} (${array} tasks over ${loaded.cells.length} cells${backend ? `, --backend ${backend}` : ''}), ` +
          `${join(slurmDir, 'merge.sbatch')} and ${submit}\n`,
      );
      if (!flags.submit) {
        process.stdout.write(
          `submit with:  bash ${submit}\n` +
            `(or by hand: sbatch --parsable ${join(slurmDir, 'array.sbatch')}, then sbatch --dependency=afterok:<that job id> ${join(slurmDir, 'merge.sbatch')})\n` +
            `results: ${out}  (merged ${train ? 'train.parquet and schemes.parquet' : 'cells.parquet and curve.parquet'} once the merge job has run)\n`,
        );
        return;
      }
      if (!existsSync(submit)) throw new Error(`internal error: ${submit} was not written`);
      const r = spawnSync('bash', [submit], { encoding: 'utf8' });
      if (r.stdout) process.stdout.write(r.stdout);
      if (r.status !== 0)
        throw new Error(`submit.sh failed (exit ${r.status}): ${(r.stderr || r.error?.message || '').trim()}`);
    });
}
