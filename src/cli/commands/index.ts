import type { Command } from 'commander';
import { register as registerBench } from './bench.js';
import { register as registerDoctor } from './doctor.js';
import { register as registerInspect } from './inspect.js';

/** Registers every subcommand on the program. Each command module exports `register(program)`. */
export function registerCommands(program: Command): void {
  registerDoctor(program);
  registerInspect(program);
  registerBench(program);
}
