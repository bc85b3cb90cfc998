/**
 * The `gradcode` command-line entry point. Each subcommand lives in `src/cli/commands/<name>.ts` and exports
 * `register(program)`. Exit codes: 0 ok, 1 run failure, 2 bad input, 130 interrupted.
 */
import { Command, CommanderError } from 'commander';
import { setVerbosity } from '../engine/verbosity.js';
import { InputError } from '../errors.js';
import { packageVersion } from '../package-root.js';
import { registerCommands } from './commands/index.js';
import { ExitCode, reportError } from './exit.js';

/** Builds the commander program with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command('gradcode')
    .description('Experiment engine for gradient coding: straggler Monte Carlo and coded gradient descent on WebGPU')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .option('--quiet', 'print results and errors only: no plan summary, progress or notices on stderr')
    .option('--verbose', 'also print the native messages of Dawn and the Vulkan loader that gradcode filters')
    .configureHelp({ showGlobalOptions: true })
    .hook('preAction', (root: Command) => setVerbosity(verbosityOf(root.opts())))
    .exitOverride();
  registerCommands(program);
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}

/** The verbosity of the global `--quiet` / `--verbose` flags (bad input when both are given). */
function verbosityOf(flags: { quiet?: boolean; verbose?: boolean }): 'quiet' | 'normal' | 'verbose' {
  if (flags.quiet && flags.verbose) throw new InputError('--quiet', 'cannot be combined with --verbose');
  return flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
}

/** Parses argv, runs the command, and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  setVerbosity('normal');
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? ExitCode.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit with code 0; usage errors (unknown option, bad choice) are bad input.
      if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return 0;
      return ExitCode.badInput;
    }
    return reportError(error);
  }
}
