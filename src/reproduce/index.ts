/**
 * The reproduce gallery (issue 7): one entry per published claim, each with its source and provenance, a setting in
 * `examples/reproduce/<id>.yaml` run through the spec/trial machinery, a criterion fixed before running, and a
 * report with the measured value, its 95% CI and PASS or FAIL.
 */
export * from './cells.js';
export * from './context.js';
export * from './estimates.js';
export * from './format.js';
export * from './gallery.js';
export * from './gallery-readme.js';
export * from './markdown.js';
export * from './numbers.js';
export * from './run-entry.js';
export * from './spec-file.js';
export * from './training.js';
export * from './types.js';
export * from './verdict.js';
export * from './write-report.js';
