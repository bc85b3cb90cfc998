import { join } from 'node:path';
import type { SpecFile } from '../spec/referenced-files.js';
import { resultsFile, shardProvenancePath } from '../store/layout.js';
import { removeLeftoverTempFiles } from '../store/leftovers.js';
import { type PinnedBackend, pinInputs } from '../store/pins.js';
import {
  hostInfo,
  type RunSession,
  readProvenance,
  resultsProvenance,
  type ShardProvenance,
  softwareVersions,
  writeProvenance,
} from '../store/provenance.js';
import { claimResultsDir, type ResultsKind } from '../store/results-dir.js';
import { acquireShardLock } from '../store/results-lock.js';
import type { Shard } from '../store/shard.js';

/** How a session writes into a results directory: which directory and shard, and what it pins. */
export interface ShardClaim {
  readonly dir: string;
  /** `sweep` (trials) or `train`: the kind of the directory's marker. */
  readonly kind: ResultsKind;
  /** Whether a directory without a marker holds results of this kind (an older gradcode's) and may be adopted. */
  readonly adopt: (dir: string) => boolean;
  readonly shard: Shard;
  /** The backend the session computes on, as pinned (kind, precision, device). */
  readonly backend: PinnedBackend;
  /** Every file the results depend on (pinned by content). */
  readonly files: readonly SpecFile[];
  readonly allowMixedBackends?: boolean;
}

/**
 * Runs `body` with the results directory claimed for writing: the marker (a non-empty directory gradcode did not
 * create is refused), the shard's exclusive lock (a second writer is refused: "in use by PID … on HOST"), the pinned
 * backend and file hashes (`pins.json`; a session on another backend, or after a file changed, is refused), and the
 * temporary files a killed session left removed. The lock is released however `body` ends. Trial sweeps and
 * training sweeps write their directories through this one gate.
 */
export async function underShardLock<T>(claim: ShardClaim, body: () => Promise<T>): Promise<T> {
  claimResultsDir(claim.dir, claim.kind, { adopt: claim.adopt });
  const lock = acquireShardLock(claim.dir, claim.shard);
  try {
    pinInputs(
      claim.dir,
      { backend: claim.backend, files: claim.files },
      { allowMixedBackends: claim.allowMixedBackends },
    );
    for (const folder of [claim.dir, resultsFile(claim.dir, 'shards'), join(claim.dir, 'plots')])
      removeLeftoverTempFiles(folder);
    return await body();
  } finally {
    lock.release();
  }
}

/** What a shard's provenance says about the sweep and this session. */
export interface SessionIdentity {
  readonly name: string;
  readonly seed: string;
  readonly specHash: string;
  /** Units of work of the shard (cells, or training schemes). */
  readonly units: number;
  /** `--backend`/`--adapter` as given, recorded for `resume`. */
  readonly options: { readonly backend: string; readonly adapter: string | null };
  /** The backend that runs the session. */
  readonly backend: { readonly kind: string; readonly description: string };
  /** Command line (default: process.argv after node). */
  readonly command?: readonly string[];
}

/**
 * The provenance of one session of a shard (`shards/<i>-of-<N>.provenance.json`, and `provenance.json` for the whole
 * sweep): earlier sessions kept (one left `running` by a kill becomes `killed`), this one appended, saved when it
 * starts, after every finished unit and when it ends.
 */
export class ShardSessionRecord {
  private readonly session: RunSession;
  private readonly provenance: ShardProvenance;
  private readonly path: string;

  constructor(
    private readonly dir: string,
    private readonly shard: Shard,
    identity: SessionIdentity,
  ) {
    this.path = shardProvenancePath(dir, shard);
    const startedAt = new Date().toISOString();
    this.session = {
      startedAt,
      endedAt: null,
      status: 'running',
      cellsRun: 0,
      backend: { kind: identity.backend.kind, description: identity.backend.description },
      software: softwareVersions(),
      host: hostInfo(),
      pid: process.pid,
      command: identity.command ?? process.argv.slice(1),
    };
    const previous = readProvenance<ShardProvenance>(this.path);
    for (const old of previous?.sessions ?? []) if (old.status === 'running') old.status = 'killed';
    this.provenance = {
      name: identity.name,
      seed: identity.seed,
      specHash: identity.specHash,
      shard,
      cells: identity.units,
      options: identity.options,
      status: 'running',
      startedAt: previous?.startedAt ?? startedAt,
      endedAt: null,
      sessions: [...(previous?.sessions ?? []), this.session],
    };
    this.save();
  }

  private save(): void {
    writeProvenance(this.path, this.provenance);
    if (this.shard.count === 1) {
      const { name, seed, specHash } = this.provenance;
      writeProvenance(
        resultsFile(this.dir, 'provenance'),
        resultsProvenance('run', [this.provenance], { name, seed, specHash }),
      );
    }
  }

  /** Counts one finished unit of this session. */
  unitDone(): void {
    this.session.cellsRun++;
    this.save();
  }

  /** Records how the session ended. */
  finish(status: RunSession['status'], error?: string): void {
    this.session.status = this.provenance.status = status;
    this.session.endedAt = new Date().toISOString();
    if (error) this.session.error = error;
    if (status === 'complete') this.provenance.endedAt = this.session.endedAt;
    this.save();
  }
}
