export * from './counters.js';
export * from './distributions.js';
export * from './philox.js';
export * from './stream.js';
