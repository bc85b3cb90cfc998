export * from './combinations.js';
export * from './error-oracle.js';
export * from './straggler-statistics.js';
export * from './threshold.js';
export * from './worst-case.js';
