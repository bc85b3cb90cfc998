import type { RunnerResult } from '../harness/result.js';

/** The workloads of issue 8. */
export type WorkloadId = 'W1' | 'W2' | 'W3';

/** Problem size presets: the sizes, `--quick` (the whole bench in under two minutes), and test sizes. */
export type SizeMode = 'full' | 'quick' | 'tiny';

/** gradcode backends the harness can run a workload on. */
export type GradcodeBackend = 'webgpu' | 'cpu';

/**
 * Peer implementations in bench/peers/: the NumPy and PyTorch peers of the issue (vectorised, stacked linear
 * algebra), and `numpy-alg`, NumPy running gradcode's own algorithm where it differs from the peer's (W2's complement
 * form), for an algorithm-matched comparison.
 */
export type PeerKind = 'numpy' | 'numpy-alg' | 'torch';

/**
 * One benchmark workload: its gradcode side (run inside the benchmark's child process), the input its Python peers
 * read (exported from gradcode, so both sides use the identical code, data and model), and the sizes.
 * `S` is the size object (e.g. `{ trials }`), passed to the child as JSON.
 */
export interface Workload<S = unknown> {
  readonly id: WorkloadId;
  readonly title: string;
  /** What one unit of work is, for the throughput column. */
  readonly unit: 'trials' | 'run-iterations';
  /**
   * The size of a preset, its work (trials; W3: runs) multiplied by `scale` (default 1; `--scale`, for stated
   * reduced runs on a busy machine).
   */
  size(mode: SizeMode, scale?: number): S;
  /** The size as a phrase for tables, e.g. "1,000,000 trials per configuration". */
  describeSize(size: S): string;
  /**
   * Peer scripts: a file name in bench/peers/, or the file name and the arguments after the input file; a kind
   * without an entry has no peer for this workload.
   */
  readonly peers: Readonly<Partial<Record<PeerKind, string | readonly string[]>>>;
  /**
   * The peers' input JSON for a size (one file for every peer of the workload). Bulk data (W3's dataset) is written
   * as files into `workDir` (default: the OS temporary directory) and named in the JSON.
   */
  peerInput(size: S, workDir?: string): unknown;
  /** Runs gradcode's side on a backend, in the calling process, and reports like a peer. */
  runGradcode(size: S, backend: GradcodeBackend): Promise<RunnerResult>;
}
