import type { Command } from 'commander';
import { register as registerBench } from './bench.js';
import { register as registerDoctor } from './doctor.js';
import { register as registerInspect } from './inspect.js';
import { register as registerMerge } from './merge.js';
import { register as registerPlot } from './plot.js';
import { register as registerReport } from './report.js';
import { register as registerReproduce } from './reproduce.js';
import { register as registerResume } from './resume.js';
import { register as registerRun } from './run.js';
import { register as registerSchema } from './schema.js';
import { register as registerSlurm } from './slurm.js';
import { register as registerSweep } from './sweep.js';
import { register as registerTrain } from './train.js';

/** Registers every subcommand on the program. Each command module exports `register(program)`. */
export function registerCommands(program: Command): void {
  registerDoctor(program);
  registerInspect(program);
  registerBench(program);
  registerReproduce(program);
  registerPlot(program);
  registerReport(program);
  registerRun(program);
  registerSweep(program);
  registerResume(program);
  registerMerge(program);
  registerSchema(program);
  registerSlurm(program);
  registerTrain(program);
}
