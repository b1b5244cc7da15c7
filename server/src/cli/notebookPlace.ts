import { isAbsolute, parse, relative, resolve, sep } from 'node:path';

/**
 * Where a notebook named on the command line sits, as the engine sees it:
 * the folder referenced notebooks are read from (`root`) and the notebook's
 * path inside it. Inside the current folder (the usual Jupyter root) the
 * path is relative to it, so the panel finds the run under the notebook;
 * elsewhere the whole file system is the root.
 */
export function notebookPlace(path: string): {
  root: string;
  notebookPath: string;
} {
  const absolute = resolve(path);
  const cwd = process.cwd();
  const rel = relative(cwd, absolute);
  if (rel !== '' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) {
    return { root: cwd, notebookPath: rel.split(sep).join('/') };
  }
  const root = parse(absolute).root;
  return {
    root,
    notebookPath: relative(root, absolute).split(sep).join('/')
  };
}
