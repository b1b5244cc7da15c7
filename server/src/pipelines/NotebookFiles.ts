import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** What reading a referenced notebook gives: its JSON, or why not, in words. */
export type NotebookRead =
  { ok: true; notebook: unknown } | { ok: false; message: string };

/** Where composed pipelines read the notebooks they reference. */
export interface INotebookSource {
  /** `path` is relative to the notebook root, `/`-separated. */
  read(path: string): Promise<NotebookRead>;
}

/** The same limit as a request body: a notebook bigger than this is not read. */
const MAX_NOTEBOOK_BYTES = 16 * 1024 * 1024;

/**
 * Notebooks as saved under Jupyter's root folder. A path that leaves the
 * root, also through a symlink, is refused: a compile request must not read
 * files the Jupyter user could not open in JupyterLab.
 */
export class NotebookFiles implements INotebookSource {
  constructor(private readonly root: string) {}

  async read(path: string): Promise<NotebookRead> {
    const inside = await this.realPathInside(path);
    if (!inside.ok) {
      return inside;
    }
    let text: string;
    try {
      text = await readSmallFile(inside.path);
    } catch (err) {
      return { ok: false, message: `${path} cannot be read: ${reason(err)}` };
    }
    try {
      return { ok: true, notebook: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, message: `${path} is not a notebook (not JSON)` };
    }
  }

  private async realPathInside(
    path: string
  ): Promise<{ ok: true; path: string } | { ok: false; message: string }> {
    const root = await realpath(resolve(this.root));
    const wanted = resolve(root, path);
    if (isAbsolute(path) || !within(root, wanted)) {
      return {
        ok: false,
        message: `${path} is outside the notebook folder (${root}); reference notebooks by a path relative to this one, inside it`
      };
    }
    let real: string;
    try {
      real = await realpath(wanted);
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      return {
        ok: false,
        message: missing
          ? `${path} does not exist`
          : `${path} cannot be read: ${reason(err)}`
      };
    }
    if (!within(root, real)) {
      return {
        ok: false,
        message: `${path} is a link to a file outside the notebook folder (${root})`
      };
    }
    return { ok: true, path: real };
  }
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return (
    rel === '' ||
    (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
  );
}

async function readSmallFile(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const info = await file.stat();
    if (!info.isFile()) {
      throw new Error('it is not a file');
    }
    if (info.size > MAX_NOTEBOOK_BYTES) {
      throw new Error(
        `it is ${(info.size / 1024 / 1024).toFixed(1)} MiB, over the ${MAX_NOTEBOOK_BYTES / 1024 / 1024} MiB limit`
      );
    }
    return await file.readFile('utf8');
  } finally {
    await file.close();
  }
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES') {
    return 'permission denied';
  }
  if (e.code === 'EISDIR') {
    return 'it is a folder';
  }
  return e.message;
}
