import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { packageRoot } from '../../package-root.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { checkSameSweep, holdsResolvedSpec, recordSpec } from '../../store/resolved-spec.js';
import { claimResultsDir } from '../../store/results-dir.js';
import { planCells } from '../../sweep/plan.js';
import { slurmScripts } from '../../sweep/slurm-script.js';
import { packageVersion } from '../version.js';
import { addOverrideOptions, defaultResultsDir, loadAndPlan, type SweepFlags } from './run.js';

interface SlurmFlags extends SweepFlags {
  readonly array: string;
  readonly partition?: string;
  readonly gpusPerTask?: string;
  readonly cpusPerTask?: string;
  readonly time?: string;
  readonly maxParallel?: string;
  readonly out?: string;
  readonly submit?: boolean;
}

const EXAMPLES = `
Examples:
  gradcode slurm big.yaml --array 16 --partition gpu --gpus-per-task 1 --time 02:00:00 --out /scratch/big
  bash /scratch/big/slurm/submit.sh              submits the array and the merge job (afterok)
  gradcode slurm big.yaml --array 4 --backend cpu --cpus-per-task 8 --submit

Validates every cell of the spec first (exit 2 naming the field), pins the spec in OUT/spec.resolved.json (a task
that later reads an edited spec is refused), then writes OUT/slurm/array.sbatch (task i runs
\`gradcode sweep SPEC --out OUT --shard i/K\`), OUT/slurm/merge.sbatch (\`gradcode merge OUT --out OUT\`) and
OUT/slurm/submit.sh, which submits the array and then the merge with --dependency=afterok:<array job>. Logs go to
OUT/slurm/logs/. The scripts run this Node and this gradcode (set GRADCODE_BIN to use another executable). A failed
task can be re-run alone, or finished with \`gradcode resume OUT --shard i/K\`.`;

function positive(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InputError(flag, `must be a positive integer, got "${text}"`);
  return n;
}

/** The argv that runs this gradcode: this Node and the built bin.js. */
function gradcodeCommand(): string[] {
  const script = process.argv[1] ? resolve(process.argv[1]) : '';
  const bin = basename(script) === 'bin.js' ? script : join(packageRoot(), 'dist', 'src', 'cli', 'bin.js');
  return [process.execPath, bin];
}

/** Registers `gradcode slurm SPEC --array K …`. */
export function register(program: Command): void {
  const command = program
    .command('slurm')
    .description('write an sbatch job-array script (task i = shard i/K) and a merge job that runs after it')
    .argument('<spec>', 'spec file (.yaml, .yml or .json)')
    .requiredOption('--array <K>', 'number of array tasks K')
    .option('--partition <name>', 'SLURM partition')
    .option('--gpus-per-task <n>', 'GPUs per array task (a count or TYPE:COUNT)')
    .option('--cpus-per-task <n>', 'CPUs per array task')
    .option('--time <limit>', 'time limit per task, e.g. 01:00:00')
    .option('--max-parallel <n>', 'run at most n array tasks at once')
    .option('--out <dir>', 'results directory shared by the tasks (default: results/<name>-<UTC time>)')
    .option('--backend <name>', 'backend of every task: auto | webgpu | cpu')
    .option('--adapter <name>', 'WebGPU adapter of every task')
    .option('--allow-mixed-backends', 'let tasks run on different backends or GPU models (merged the same way)')
    .option('--submit', 'also run submit.sh (needs sbatch)');
  addOverrideOptions(command)
    .addHelpText('after', EXAMPLES)
    .action((specPath: string, flags: SlurmFlags) => {
      const array = positive(flags.array, '--array')!;
      const { loaded } = loadAndPlan(specPath, { ...flags, progress: 'none' }, { index: 0, count: 1 });
      planCells(loaded); // every cell, so no array task fails on bad input
      const out = resolve(flags.out ?? defaultResultsDir(loaded.spec.name));
      const sweepFlags = [
        ...(flags.backend ? ['--backend', flags.backend] : []),
        ...(flags.adapter ? ['--adapter', flags.adapter] : []),
        ...(flags.allowMixedBackends ? ['--allow-mixed-backends'] : []),
        ...(flags.trials ? ['--trials', String(loaded.overrides.trials)] : []),
        ...(flags.seed ? ['--seed', String(loaded.overrides.seed)] : []),
      ];
      const scripts = slurmScripts({
        name: loaded.spec.name,
        specPath: loaded.source,
        out,
        array,
        cells: loaded.cells.length,
        specHash: loaded.specHash,
        partition: flags.partition,
        gpusPerTask: flags.gpusPerTask,
        cpusPerTask: positive(flags.cpusPerTask, '--cpus-per-task'),
        time: flags.time,
        maxParallel: positive(flags.maxParallel, '--max-parallel'),
        gradcode: gradcodeCommand(),
        sweepFlags,
        version: packageVersion(),
      });
      const slurmDir = join(out, 'slurm');
      if (existsSync(out)) checkSameSweep(out, loaded);
      claimResultsDir(out, 'sweep', { adopt: holdsResolvedSpec });
      mkdirSync(join(slurmDir, 'logs'), { recursive: true });
      recordSpec(out, loaded);
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
        `wrote ${join(slurmDir, 'array.sbatch')} (${array} tasks over ${loaded.cells.length} cells), ` +
          `${join(slurmDir, 'merge.sbatch')} and ${submit}\n`,
      );
      if (!flags.submit) {
        process.stdout.write(
          `submit with:  bash ${submit}\n` +
            `(or by hand: sbatch --parsable ${join(slurmDir, 'array.sbatch')}, then sbatch --dependency=afterok:<that job id> ${join(slurmDir, 'merge.sbatch')})\n` +
            `results: ${out}  (merged cells.parquet and curve.parquet once the merge job has run)\n`,
        );
        return;
      }
      if (!existsSync(submit)) throw new Error(`internal error: ${submit} was not written`);
      const r = spawnSync('bash', [submit], { encoding: 'utf8' });
      process.stdout.write(r.stdout);
      if (r.status !== 0)
        throw new Error(`submit.sh failed (exit ${r.status}): ${(r.stderr || r.error?.message || '').trim()}`);
    });
}
