import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';
import type { PeerKind, Workload } from '../workloads/index.js';
import type { RunnerCommand } from './spawn-runner.js';

/** A peer runner: its display name and the command for a workload's input file (null: no peer for it). */
export interface PeerSpec {
  readonly name: string;
  command(workload: Workload, inputPath: string): RunnerCommand | null;
  /** Why this peer cannot run at all here (checked once before the run), or null. */
  unavailable(): string | null;
}

/** Directory of the Python peers (bench/peers/ of the repository). */
export function peersDir(): string {
  return join(packageRoot(), 'bench', 'peers');
}

/**
 * Whether `python -c "import numpy"` works, and if not why (missing interpreter, missing NumPy); cached per
 * interpreter.
 */
const numpyCheck = new Map<string, string | null>();
function numpyUnavailable(python: string): string | null {
  if (!numpyCheck.has(python)) {
    const r = spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' });
    let reason: string | null = null;
    if (r.error) reason = `${python} not found (${r.error.message}); set PYTHON or --python`;
    else if (r.status !== 0) reason = `${python} cannot import numpy: ${r.stderr.trim().split('\n').at(-1)}`;
    numpyCheck.set(python, reason);
  }
  return numpyCheck.get(python) ?? null;
}

/**
 * The Python peers of bench/peers/: `python bench/peers/<script> INPUT.json [ARGS…]`. Every kind needs NumPy; the
 * PyTorch peers additionally skip themselves (exit 3, "import torch failed: …") where PyTorch is not installed.
 */
export function pythonPeer(kind: PeerKind, python: string): PeerSpec {
  return {
    name: kind,
    command: (workload, inputPath) => {
      const entry = workload.peers[kind];
      if (entry === undefined) return null;
      const [script, ...args] = typeof entry === 'string' ? [entry] : entry;
      return { command: python, args: [join(peersDir(), script), inputPath, ...args] };
    },
    unavailable: () => numpyUnavailable(python),
  };
}
