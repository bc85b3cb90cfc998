export * from './canonical.js';
export * from './cell-schema.js';
export * from './expand.js';
export * from './resolve-cell.js';
export * from './zod-error.js';
