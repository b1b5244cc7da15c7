import { constants, createWriteStream, type Stats } from 'node:fs';
import {
  type FileHandle,
  link,
  lstat,
  open,
  readlink,
  realpath,
  rm
} from 'node:fs/promises';
import { relative, isAbsolute } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { ForbiddenError, NotFoundError } from '../errors.js';

/**
 * Opens `path` for reading only if it is a regular file whose real location
 * is inside `root`: the last component is not followed when it is a
 * symbolic link (O_NOFOLLOW), a link anywhere above it is caught by checking
 * where the open descriptor really points, and FIFOs, devices and folders
 * are refused (O_NONBLOCK: opening a FIFO does not wait for a writer). A
 * step that can write the artifact tree (a pod on the shared volume) cannot
 * make the server read its other files this way.
 */
export async function openInside(
  path: string,
  root: string
): Promise<{ handle: FileHandle; stats: Stats }> {
  let handle: FileHandle;
  try {
    handle = await open(
      path,
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK
    );
  } catch (err) {
    throw refusal(err as NodeJS.ErrnoException, path);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new ForbiddenError(`${path} is not a regular file: refused`);
    }
    const real = await realLocation(handle, path);
    if (!within(real, await realpath(root))) {
      throw new ForbiddenError(
        `${path} leads outside ${root} (to ${real}): refused`
      );
    }
    return { handle, stats };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/**
 * Gives `to` the content of the checked file `from`: a hard link when the
 * filesystem allows (then the link must be that very file: it is replaced
 * if something was swapped in between), else a copy read from the checked
 * descriptor.
 */
export async function linkOrCopyInside(
  from: string,
  to: string,
  root: string
): Promise<void> {
  const { handle, stats } = await openInside(from, root);
  try {
    await rm(to, { force: true });
    try {
      await link(from, to);
      const linked = await lstat(to);
      if (linked.ino === stats.ino && linked.dev === stats.dev) {
        return;
      }
      await rm(to, { force: true });
    } catch {
      // Another filesystem, or no hard links: copy the bytes below.
    }
    await pipeline(
      handle.createReadStream({ autoClose: false, start: 0 }),
      createWriteStream(to, { flags: 'wx' })
    );
  } finally {
    await handle.close();
  }
}

/** Where the descriptor really points: /proc knows on Linux; elsewhere the resolved path. */
async function realLocation(handle: FileHandle, path: string): Promise<string> {
  try {
    return await readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    return realpath(path);
  }
}

function within(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function refusal(err: NodeJS.ErrnoException, path: string): Error {
  if (err.code === 'ELOOP' || err.code === 'EMLINK') {
    return new ForbiddenError(`${path} is a symbolic link: refused`);
  }
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
    return new NotFoundError(`the file ${path} is gone`);
  }
  return err;
}
