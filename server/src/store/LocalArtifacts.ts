import type { Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, rm } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

import type { IArtifactStore } from './ArtifactStore.js';
import type { IStoredArtifact } from './RunStore.js';
import { linkOrCopyInside, openInside } from './safeFiles.js';

/**
 * The artifact tree on this machine: `<root>/<run>/<step>/<name>.<ext>` plus
 * sidecars, written by the harness. Paths are built from ids the server
 * generated and step names it validated, never from request text.
 */
export class LocalArtifacts implements IArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  stepDir(runId: string, step: string): string {
    return this.inside(join(this.root, runId, step));
  }

  /** The prefix the harness appends `.json` and the data extension to. */
  prefix(runId: string, step: string, name: string): string {
    return join(this.stepDir(runId, step), name);
  }

  prefixOf(artifact: IStoredArtifact): string {
    return join(artifact.path, '..', artifact.name);
  }

  async deleteRun(runId: string): Promise<void> {
    await rm(this.inside(join(this.root, runId)), {
      recursive: true,
      force: true
    });
  }

  /**
   * An artifact file of run `runId`, open for reading: a regular file whose
   * real location is in the run's own folder (no symbolic links, no
   * special files), so a download never serves anything else.
   */
  openForRead(
    runId: string,
    path: string
  ): Promise<{ handle: FileHandle; stats: Stats }> {
    return openInside(this.inside(path), this.inside(join(this.root, runId)));
  }

  async read(
    runId: string,
    path: string
  ): Promise<{ body: Readable; size: number }> {
    const { handle, stats } = await this.openForRead(runId, path);
    return { body: handle.createReadStream({ start: 0 }), size: stats.size };
  }

  /** True when every file still exists, a regular file, with the recorded size. */
  async intact(artifacts: readonly IStoredArtifact[]): Promise<boolean> {
    for (const a of artifacts) {
      try {
        const stats = await lstat(a.path);
        if (!stats.isFile() || stats.size !== a.size) {
          return false;
        }
      } catch {
        return false;
      }
    }
    return true;
  }

  /**
   * Gives a new run its own copy of cached outputs: hard links when the
   * filesystem allows (no bytes copied), copies otherwise. Sidecars too.
   */
  async adopt(
    artifacts: readonly IStoredArtifact[],
    runId: string,
    step: string
  ): Promise<IStoredArtifact[]> {
    const dir = this.stepDir(runId, step);
    await mkdir(dir, { recursive: true });
    const adopted: IStoredArtifact[] = [];
    for (const a of artifacts) {
      const target = join(dir, basename(a.path));
      await linkOrCopyInside(this.inside(a.path), target, this.root);
      const sidecar = join(dir, `${a.name}.json`);
      await linkOrCopyInside(
        join(a.path, '..', `${a.name}.json`),
        sidecar,
        this.root
      ).catch(() => undefined);
      adopted.push({ ...a, step, path: target });
    }
    return adopted;
  }

  /** Refuses any path that escapes the root (defence in depth). */
  inside(path: string): string {
    const rel = relative(this.root, resolve(path));
    if (
      rel.startsWith('..') ||
      rel.includes(`..${sep}`) ||
      resolve(path) === this.root
    ) {
      throw new Error(`artifact path outside ${this.root}: ${path}`);
    }
    return resolve(path);
  }
}
