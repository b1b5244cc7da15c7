import type { Readable } from 'node:stream';

import type { IStoredArtifact } from './RunStore.js';

/**
 * Where step outputs live, as runs and the HTTP layer use it:
 * `LocalArtifacts` (a folder on this machine, shared with pods through the
 * claim) or `ObjectArtifacts` (an S3-compatible bucket, docs/storage.md).
 * An artifact's `path` is its location in the store: a file path or an
 * `s3://` URL.
 */
export interface IArtifactStore {
  /** A folder on this machine: step programs and contexts (and, for a folder store, the artifacts; step pods mount the claim here). */
  readonly root: string;
  /** The local folder of a step: its program and context, outputs until stored. */
  stepDir(runId: string, step: string): string;
  /** The prefix the harness appends `.json` and the data extension to. */
  prefix(runId: string, step: string, name: string): string;
  /** The prefix of a recorded artifact (its sidecar is the prefix + `.json`). */
  prefixOf(artifact: IStoredArtifact): string;
  deleteRun(runId: string): Promise<void>;
  /** An artifact of the run, for reading; refused unless it is the run's own. */
  read(runId: string, path: string): Promise<{ body: Readable; size: number }>;
  /** True when every file still exists with the recorded size. */
  intact(artifacts: readonly IStoredArtifact[]): Promise<boolean>;
  /** Gives a new run its own copy of cached outputs. */
  adopt(
    artifacts: readonly IStoredArtifact[],
    runId: string,
    step: string
  ): Promise<IStoredArtifact[]>;
  /** Refuses any path that escapes the root (defence in depth). */
  inside(path: string): string;
  /** Throws a StorageUnavailableError (with the fix) when the store cannot be used now; a run is refused before it starts. */
  check?(): Promise<void>;
  /** What a step needs in its run context to reach the store (presigned URLs); absent for a folder. */
  stepAccess?(request: IStepAccessRequest): Promise<IStepAccess>;
  /** Why step pods could not use `stepAccess`'s URLs (a loopback endpoint), or null. */
  podReachProblem?(): string | null;
  /** Closes connections (on engine stop). */
  close?(): Promise<void>;
}

export interface IStepAccessRequest {
  runId: string;
  step: string;
  /** Input name -> the producer's recorded artifact. */
  inputs: Record<string, IStoredArtifact>;
  /** Every name the step may save (outputs and final models). */
  outputs: readonly string[];
  timeoutSeconds?: number;
  /** The step runs in a pod: URLs name the endpoint pods reach. */
  forPods?: boolean;
}

/** The run context's `objects` (runtime/object_values.py reads it). */
export interface IStepAccess {
  inputs: Record<string, { sidecar: string; data: string }>;
  outputs: Record<string, { location: string; put: Record<string, string> }>;
}
