/**
 * The reproduce gallery (issues 7 and 16): one entry per published claim, split into sub-claims, each with its
 * source and provenance, a setting in `examples/reproduce/<id>.yaml` (trial cells, an exact enumeration or coded GD),
 * criteria fixed before running, falsifiers that show every judged check can fail, and a report with the measured
 * values and a verdict: PASS, FAIL, PARTIAL or UNTESTABLE (INDICATIVE for a quick run that cannot promise it).
 */
export * from './cells.js';
export * from './context.js';
export * from './estimates.js';
export * from './family.js';
export * from './format.js';
export * from './gallery.js';
export * from './gallery-readme.js';
export * from './markdown.js';
export * from './numbers.js';
export * from './quick.js';
export * from './run-entry.js';
export * from './simultaneous.js';
export * from './spec-file.js';
export * from './training.js';
export * from './types.js';
export * from './verdict.js';
export * from './write-report.js';
