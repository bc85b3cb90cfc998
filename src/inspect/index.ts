export * from './format.js';
export * from './inspect.js';
export * from './load-code.js';
export * from './ordering.js';
export * from './straggler-choice.js';
export * from './structure.js';
export * from './types.js';
