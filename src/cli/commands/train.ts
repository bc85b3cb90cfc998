import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseBackendChoice } from '../../engine/backend-choice.js';
import { InputError } from '../../errors.js';
import { parseSeedFlag, parseTrialsFlag } from '../../spec/overrides.js';
import { parseSpecText, specFormatOf } from '../../spec/parse-spec-text.js';
import { formatTrainReport, trainResultJson } from '../../train/report/format.js';
import { runResolvedTraining } from '../../train/run/run-training.js';
import { resolveTrainSpec } from '../../train/spec/resolve-train.js';

/** The flags as commander hands them over. */
interface TrainFlags {
  readonly backend: string;
  readonly adapter?: string;
  readonly runs?: string;
  readonly iterations?: string;
  readonly seed?: string;
  readonly out?: string;
  readonly json?: boolean;
  readonly keepRuns?: boolean;
}

/** Reads a training spec file and applies the flags' overrides (InputErrors name the file or the flag). */
export function loadTrainSpec(path: string, flags: Pick<TrainFlags, 'runs' | 'iterations' | 'seed'>): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError('SPEC', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const raw = parseSpecText(text, path, specFormatOf(path));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError(path, 'a training spec is a mapping (dataset, iterations, runs, code, step, …)');
  }
  const spec = { ...(raw as Record<string, unknown>) };
  if (flags.runs !== undefined) spec.runs = parseTrialsFlag(flags.runs, '--runs');
  if (flags.iterations !== undefined) spec.iterations = parseTrialsFlag(flags.iterations, '--iterations');
  if (flags.seed !== undefined) spec.seed = parseSeedFlag(flags.seed);
  return spec;
}

const HELP = [
  '',
  'Examples:',
  '  $ gradcode train examples/train/least-squares.yaml',
  '  $ gradcode train examples/train/w3.yaml --backend webgpu --out w3.json',
  '  $ gradcode train examples/train/logistic.yaml --backend cpu --runs 8 --json',
  '',
  'Spec keys (YAML or JSON; unknown keys are rejected): name, seed, dataset {kind: synthetic-least-squares (rows,',
  '  features, condition, noise) | gaussian-logistic (rows, features, separation) | afm-glyphs (task, shuffle)},',
  '  loss (least-squares | logistic), regularization, form (auto | gram | direct), iterations, runs, and the scheme',
  '  keys code, order, decoder, stragglers, wait (all | exact | {deadline} | {count} | {collect}), path',
  '  (coefficient | message | both), optimizer (gd | agd), step (a number > 0 or {rule: smoothness | prop-vi1 |',
  '  prop-vii1 | inverse-time, factor}) — at the top level or per entry of `schemes`; bounds (names or all),',
  '  boundDraws, confidence, limits {hostBytes}. See docs/train.md.',
  '',
  'Exit codes: 0 ok, 1 run failure, 2 bad input (the message names the field or flag).',
].join('\n');

/** Registers `gradcode train SPEC`. */
export function register(program: Command): void {
  program
    .command('train')
    .description(
      'coded gradient descent on real gradients: R runs per scheme on the GPU (or the f64 CPU twin), per-iteration ' +
        'loss / distance / gradient error / simulated time with CIs, convergence bounds with verdicts',
    )
    .argument('<spec>', 'training spec file (.yaml, .yml or .json)')
    .option('--backend <name>', 'auto | webgpu | cpu (auto: a GPU adapter if any, else the CPU)', 'auto')
    .option('--adapter <name>', 'WebGPU adapter name or a unique part of it (see gradcode doctor)')
    .option('--runs <n>', 'independent runs per scheme (overrides the spec)')
    .option('--iterations <n>', 'iterations per run (overrides the spec)')
    .option('--seed <s>', 'the spec’s seed (overrides it)')
    .option('--out <file>', 'also write the full result (every curve, bound row and constant) as JSON')
    .option('--json', 'print the full result as JSON on stdout instead of the report')
    .option('--keep-runs', 'include every run’s per-iteration values (loss, distance, errors, time) in the JSON')
    .addHelpText('after', HELP)
    .action(async (specPath: string, flags: TrainFlags) => {
      parseBackendChoice(flags.backend);
      const raw = loadTrainSpec(specPath, flags);
      const resolved = resolveTrainSpec(raw, { baseDir: dirname(resolve(specPath)) });
      // On a terminal, one self-overwriting progress line on stderr (scheme, iteration).
      const tty = process.stderr.isTTY === true;
      const result = await runResolvedTraining(resolved, {
        backend: flags.backend,
        adapter: flags.adapter,
        keepRuns: flags.keepRuns === true,
        onProgress: tty
          ? (e) =>
              process.stderr.write(
                `\rgradcode train: scheme ${e.scheme + 1}/${e.schemes}, iteration ${e.iteration}/${e.iterations}`,
              )
          : undefined,
      });
      if (tty) process.stderr.write('\n');
      if (flags.out) writeFileSync(flags.out, `${JSON.stringify(trainResultJson(result))}\n`);
      process.stdout.write(
        flags.json ? `${JSON.stringify(trainResultJson(result), null, 2)}\n` : formatTrainReport(result),
      );
    });
}
