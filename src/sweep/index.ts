export * from './interrupt.js';
export * from './plan.js';
export * from './results-table.js';
export * from './run-sweep.js';

export * from './slurm-script.js';
