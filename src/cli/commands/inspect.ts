import type { Command } from 'commander';
import { CODE_FAMILIES } from '../../codes/registry.js';
import { decoders } from '../../decoders/registry.js';
import { InputError, requireInput } from '../../errors.js';
import { parseDecimal } from '../../input/decimal.js';
import { escapeControl } from '../../input/terminal-text.js';
import { formatInspectReport } from '../../inspect/format.js';
import { inspectCode } from '../../inspect/inspect.js';
import type { InspectInput, InspectOptions } from '../../inspect/types.js';
import { jsonOutput } from '../json-output.js';

/** The flags as commander hands them over (strings, unparsed). */
interface InspectFlags {
  readonly matrix?: string;
  readonly transpose?: boolean;
  readonly p?: string;
  readonly order: string;
  readonly heuristic?: boolean;
  readonly parts?: string;
  readonly stragglers?: string;
  readonly decoder: string;
  readonly seed: string;
  readonly threshold?: string;
  readonly json?: boolean;
}

/** Option keys of `inspectCode`'s InputErrors that are flags of this command (`order[3]` → `--order[3]`). */
const FLAG_FIELDS = new Set(['order', 'parts', 'stragglers', 'decoder', 'seed', 'threshold', 'p', 'matrix']);

/** Renames an InputError on an option key to the flag the user typed. */
function onFlag(error: unknown): unknown {
  if (!(error instanceof InputError)) return error;
  const root = /^[a-z]+/.exec(error.field)?.[0];
  if (root === undefined || !FLAG_FIELDS.has(root) || error.field.startsWith('--')) return error;
  return new InputError(`--${error.field}`, error.message.slice(error.field.length + 2));
}

/** An integer flag ≥ min; InputError naming the flag otherwise. */
function integerFlag(text: string, flag: string, min: number): number {
  requireInput(/^\s*\d+\s*$/.test(text), flag, `must be an integer ≥ ${min}, got "${text}"`);
  const value = Number(text);
  requireInput(Number.isSafeInteger(value) && value >= min, flag, `must be an integer ≥ ${min}, got "${text}"`);
  return value;
}

/** A finite decimal number flag (no hex). */
function numberFlag(text: string, flag: string): number {
  const value = parseDecimal(text);
  requireInput(Number.isFinite(value), flag, `must be a decimal number, got "${text}"`);
  return value;
}

/** `--p 0.1,0.2,0.3` (brackets optional) → numbers; InputError on `--p[i]` for a non-number. */
function probabilityListFlag(text: string): number[] {
  const t = text.trim();
  const inner = t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
  requireInput(inner.trim() !== '', '--p', 'must list one straggle probability per worker, e.g. --p 0.1,0.2,0.3');
  return inner.split(',').map((item, i) => numberFlag(item, `--p[${i}]`));
}

/** Turns the raw flags into `inspectCode` arguments; InputErrors name the flag. */
function inspectArguments(
  code: string | undefined,
  flags: InspectFlags,
): { input: InspectInput; options: InspectOptions } {
  if (code !== undefined && flags.matrix !== undefined) {
    throw new InputError('--matrix', `give either a code spec or --matrix FILE, not both (got "${code}" and --matrix)`);
  }
  if (code === undefined && flags.matrix === undefined) {
    throw new InputError('code', 'missing: give a code spec such as frc:N=12,s=3, or --matrix FILE');
  }
  if (flags.transpose && flags.matrix === undefined)
    throw new InputError('--transpose', 'transposes the --matrix FILE; give --matrix too');
  const input: InspectInput =
    code !== undefined ? { spec: code } : { matrix: flags.matrix as string, transpose: flags.transpose === true };
  const options: InspectOptions = {
    order: flags.order,
    heuristic: flags.heuristic === true,
    parts: flags.parts === undefined ? undefined : integerFlag(flags.parts, '--parts', 1),
    stragglers: flags.stragglers,
    decoder: flags.decoder,
    seed: integerFlag(flags.seed, '--seed', 0),
    threshold: flags.threshold === undefined ? undefined : numberFlag(flags.threshold, '--threshold'),
    p: flags.p === undefined ? undefined : probabilityListFlag(flags.p),
  };
  return { input, options };
}

function helpText(): string {
  const families = CODE_FAMILIES.map((f) => `  ${f.example.padEnd(44)} ${f.summary}`);
  const decoderLines = Object.values(decoders).map((d) => `  ${d.name.padEnd(18)} ${d.summary}`);
  return [
    '',
    'Examples:',
    '  $ gradcode inspect frc:N=12,s=3',
    '  $ gradcode inspect crc:N=20,s=3,seed=1 --stragglers exhaustive:4 --json',
    '  $ gradcode inspect bibd:pg2:q=3 --stragglers exhaustive:2 --threshold 0.1',
    '  $ gradcode inspect graph:petersen --order optimal --heuristic',
    '  $ gradcode inspect graph:random-regular:n=50,d=3,seed=1 --stragglers random-s:10:2000 --decoder graph',
    '  $ gradcode inspect heterogeneous:scheme=I --p 0.1,0.2,0.3,0.4 --stragglers random:0.25:1000 --decoder unbiased',
    '  $ gradcode inspect cyclic:N=10,d=3 --parts 2 --order random:7',
    '  $ gradcode inspect --matrix code.json --order order.json',
    '',
    'Code specs (family[:variant][:k=v,…]; lists in brackets, nested codes in parentheses). One example per family:',
    ...families,
    '',
    'Custom codes (--matrix FILE): JSON 2-D array (rows = workers, columns = chunks), JSON',
    '  {"support": [[chunk, …] per worker], "coefficients": [[…] per worker]}, or CSV (one row per worker).',
    '  --transpose reads a dense file whose rows are chunks and columns workers (some published BIBD files).',
    '',
    'Orders (--order): natural (the construction’s order), optimal (Latin matching order for the regular class',
    '  N = m, δ-regular; other assignments need --heuristic), random:SEED, or FILE — a JSON array with one array of',
    '  0-based chunk indices per worker, in processing order, each a permutation of that worker’s chunks.',
    '',
    'Straggler sets (--stragglers): exhaustive:S (every S-subset), random-s:S:TRIALS (random S-subsets),',
    '  random:P:TRIALS (each worker straggles with probability P), adversarial:S (the worst S-set: exhaustive when',
    '  C(N,S) ≤ 200000, else greedy + local search, reported as a lower bound). Default: exhaustive:s with s the',
    '  code’s straggler tolerance (1 without one), or 10000 random s-sets when there are more than 100000.',
    '',
    'Decoders (--decoder):',
    ...decoderLines,
    '',
    'Output: code name, family, params, citation, reconstruction flag; N, m, ℓ; load δ_j and replication γ_i as',
    '  min/mean/max; Qmax of the order and qmaxOptimal (Latin, or the heuristic, labelled); error min/mean/max of',
    '  ‖B_Sᵀw − 1‖² and the same divided by m (…Normalized); exactFraction; threshold τ_ε with --threshold;',
    '  objective m²/Σδ⁻¹ for heterogeneous codes. Exit codes: 0 ok, 2 bad input (the message names the parameter).',
  ].join('\n');
}

/** Registers `gradcode inspect [code] [options]`. */
export function register(program: Command): void {
  program
    .command('inspect')
    .description(
      'inspect a gradient code: loads, replication, Qmax of an order and of the optimal order, decoding error over ' +
        'straggler sets, exact fraction, adversarial threshold',
    )
    .argument('[code]', 'code spec, e.g. frc:N=12,s=3 (families listed below); or use --matrix FILE')
    .option('--matrix <file>', 'custom code from a JSON or CSV file (rows = workers) instead of a code spec')
    .option('--transpose', 'with --matrix: the file’s rows are chunks and its columns workers (docs/conventions.md)')
    .option('--p <list>', 'straggle probability per worker, comma-separated (heterogeneous codes, unbiased decoder)')
    .option('--order <spec>', 'processing order: natural | optimal | random:SEED | FILE', 'natural')
    .option('--heuristic', 'allow the local-search ordering when --order optimal meets a non-regular assignment')
    .option('--parts <L>', 'ℓ: copies of every chunk the Qmax guarantee is about (default: the code’s ℓ)')
    .option('--stragglers <spec>', 'exhaustive:S | random-s:S:TRIALS | random:P:TRIALS | adversarial:S')
    .option('--decoder <name>', `decoder: ${Object.keys(decoders).join(' | ')}`, 'optimal')
    .option('--seed <n>', 'seed of seeded codes without their own seed, random stragglers and searches', '0')
    .option('--threshold <eps>', 'also compute the adversarial threshold τ_ε = min{s : worst error/m ≥ ε}')
    .option('--json', 'print the report as one JSON object (snake_case keys)')
    .addHelpText('after', helpText())
    .action((code: string | undefined, flags: InspectFlags) => {
      try {
        const { input, options } = inspectArguments(code, flags);
        const report = inspectCode(input, options);
        process.stdout.write(flags.json ? jsonOutput(report, ['params']) : escapeControl(formatInspectReport(report)));
      } catch (error) {
        throw onFlag(error);
      }
    });
}
