import type { DecoderName } from '../../src/decoders/registry.js';

/**
 * One trial cell per registered decoder (the `original` protocol): a code it applies to and a straggler model. The
 * decoder-table tests walk the registry and fail for a decoder without an entry here.
 */
export const DECODER_CASES: Record<DecoderName, { code: string; stragglers: Record<string, unknown> }> = {
  // A least-squares stop rule: the exact decoder's curve is the completion's own least squares.
  exact: {
    code: 'random:bernoulli:N=12,m=16,p=0.3,seed=3',
    stragglers: { chunkTime: { dist: 'exponential', rate: 1 }, failures: { p: 0.1 } },
  },
  // An any-k rule: the curve is streamed separately and is 0 from k arrivals.
  optimal: { code: 'crc:N=10,s=2', stragglers: { chunkTime: { dist: 'exponential', rate: 1 }, failures: { p: 0.1 } } },
  graph: { code: 'graph:petersen', stragglers: { chunkTime: { dist: 'exponential', rate: 1 }, failures: { p: 0.1 } } },
  fixed: { code: 'frc:N=12,s=2', stragglers: { chunkTime: { dist: 'exponential', rate: 1 }, failures: { p: 0.1 } } },
  bibd: { code: 'bibd:fano', stragglers: { chunkTime: { dist: 'exponential', rate: 1 }, failures: { p: 0.2 } } },
  erasure: { code: 'frc:N=12,s=3', stragglers: { chunkTime: { dist: 'exponential', rate: 1 }, failures: { p: 0.2 } } },
  unbiased: {
    code: 'heterogeneous:scheme=II,p=[0.1,0.2,0.3,0.15,0.25,0.1]',
    stragglers: { chunkTime: { dist: 'exponential', rate: 1 }, failures: { p: [0.1, 0.2, 0.3, 0.15, 0.25, 0.1] } },
  },
  'ignore-stragglers': { code: 'cyclic:N=10,s=2', stragglers: { chunkTime: { dist: 'exponential', rate: 1 } } },
};
