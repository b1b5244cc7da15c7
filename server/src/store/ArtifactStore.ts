import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

import type { IStoredArtifact } from './RunStore.js';

/**
 * Where step outputs live, as runs and the HTTP layer use it. Today one
 * implementation, `LocalArtifacts` (a folder on this machine, shared with
 * pods through the claim); object storage is the next.
 */
export interface IArtifactStore {
  /** The folder artifacts live under (step pods mount the claim here). */
  readonly root: string;
  stepDir(runId: string, step: string): string;
  /** The prefix the harness appends `.json` and the data extension to. */
  prefix(runId: string, step: string, name: string): string;
  deleteRun(runId: string): Promise<void>;
  /** An artifact file of the run, open for reading; refused unless a regular file in the run's own folder. */
  openForRead(
    runId: string,
    path: string
  ): Promise<{ handle: FileHandle; stats: Stats }>;
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
}
