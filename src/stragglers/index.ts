export * from './distribution.js';
export * from './draws.js';
export * from './model.js';
export * from './resolve.js';
export * from './subset.js';
export * from './trace.js';
