export * from './checked-value.js';
export * from './decimal.js';
export * from './forbidden-keys.js';
export * from './parse-json.js';
export * from './read-input-file.js';
export * from './terminal-text.js';
