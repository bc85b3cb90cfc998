/**
 * gradcode's library API. Every folder is one concept (DESIGN §5); this file re-exports their public surface so
 * `import { … } from 'gradcode'` reaches constructions, decoders, orderings, straggler models, protocols, the trial
 * engine with its backends, statistics, specs, sweeps with their results store, and plots.
 */
export * from './adversarial/index.js';
export * from './codes/index.js';
export * from './decoders/index.js';
export * from './engine/index.js';
export { InputError, InterruptedError } from './errors.js';
export * from './figures/index.js';
export * from './input/index.js';
export * from './inspect/index.js';
export * from './limits/limits.js';
export * from './linalg/index.js';
export * from './ordering/index.js';
export * from './plots/index.js';
export * from './protocols/index.js';
export * from './rng/index.js';
export * from './spec/index.js';
export * from './stats/index.js';
export * from './store/index.js';
export * from './stragglers/index.js';
export * from './sweep/index.js';
export * from './train/index.js';
export * from './trials/index.js';
