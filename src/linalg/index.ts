export * from './cholesky.js';
export * from './complete-orthogonal.js';
export * from './dense-matrix.js';
export * from './householder.js';
export * from './incremental-projector.js';
export * from './least-squares.js';
export * from './pseudo-inverse.js';
export * from './symmetric-eigen.js';
