export * from './confidence.js';
export * from './histogram.js';
export * from './moments.js';
export * from './quantile.js';
export * from './student-t.js';
