import { basename } from 'node:path';

/** A pipeline name from a notebook path: `work/My Notebook.ipynb` -> `my-notebook`. */
export function nameFromPath(path: string | undefined): string {
  const stem = basename(path ?? '').replace(/\.ipynb$/i, '');
  return (
    stem
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'pipeline'
  );
}
