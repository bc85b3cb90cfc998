/**
 * Figures of results directories: the plot grammar applied to stored tables (column references, labels, default
 * layouts that follow the sweep, the spec's `plots` entries), drawn to files. See docs/plots/README.md.
 */
export * from './draw.js';
export * from './figure-jobs.js';
export * from './figure-request.js';
export * from './layout.js';
export * from './load-view.js';
export * from './results-plots.js';
export * from './results-view.js';
export * from './spec-plots.js';
