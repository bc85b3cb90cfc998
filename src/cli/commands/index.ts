import type { Command } from 'commander';

/** Registers every subcommand on the program. Each command module exports `register(program)`. */
export function registerCommands(_program: Command): void {}
