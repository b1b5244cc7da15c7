import { posix } from 'node:path';

import {
  composeDrafts,
  type IResolvedReference
} from '../notebook/composeDrafts.js';
import {
  readNotebook,
  type INotebookReference,
  type IPipelineDraft
} from '../notebook/readNotebook.js';
import { error, warning, type Problem } from '../spec/problems.js';
import type { INotebookSource } from './NotebookFiles.js';

/** Deeper than this, a chain of notebooks referencing notebooks is refused. */
const MAX_DEPTH = 8;

/**
 * Reads the notebooks a draft's `notebook:` cells name (relative to the
 * notebook's own folder, within the notebook root), composes their drafts
 * first, then this one. Every reference that cannot be used is an error on
 * its cell: missing, unreadable, outside the root, a cycle, too deep.
 */
export async function composeReferences(
  draft: IPipelineDraft,
  notebookPath: string | undefined,
  source: INotebookSource | undefined,
  chain: readonly string[] = []
): Promise<IPipelineDraft> {
  if (draft.references.length === 0) {
    return draft;
  }
  const here = notebookPath ? posix.normalize(notebookPath) : undefined;
  const dir = here ? posix.dirname(here) : '.';
  const resolved: IResolvedReference[] = [];
  for (const reference of draft.references) {
    const target = posix.normalize(posix.join(dir, reference.path));
    const label = posix.relative(dir, target) || target;
    const refused = refusal(
      reference,
      target,
      [...chain, here ?? '(this notebook)'],
      source
    );
    if (refused) {
      draft.problems.push(problemAt(reference, refused));
      continue;
    }
    const read = await source!.read(target);
    if (!read.ok) {
      draft.problems.push(problemAt(reference, read.message));
      continue;
    }
    const sub = await composeReferences(
      readNotebook(read.notebook),
      target,
      source,
      [...chain, here ?? '(this notebook)']
    );
    if (sub.steps.length === 0) {
      draft.problems.push(emptyReference(reference, label));
    }
    resolved.push({ reference, label, draft: sub });
  }
  return composeDrafts(draft, resolved);
}

function refusal(
  reference: INotebookReference,
  target: string,
  chain: readonly string[],
  source: INotebookSource | undefined
): string | undefined {
  if (!source) {
    return `this cell references notebook "${reference.name}", but notebooks cannot be read here: compile it from JupyterLab or the cellpipe command`;
  }
  if (posix.isAbsolute(reference.path)) {
    return `notebook_path "${reference.path}" is absolute: reference notebooks by a path relative to this one`;
  }
  if (chain.includes(target)) {
    return `${target} references itself through ${[...chain.slice(chain.indexOf(target)), target].join(' → ')}: composition cannot be circular`;
  }
  if (chain.length > MAX_DEPTH) {
    return `notebooks reference notebooks more than ${MAX_DEPTH} deep (${chain.join(' → ')}): flatten the composition`;
  }
  return undefined;
}

function placeOf(reference: INotebookReference) {
  const cell = reference.cell;
  return {
    path: `cells.${cell.index}`,
    cellId: cell.id,
    cellIndex: cell.index
  };
}

function problemAt(reference: INotebookReference, message: string): Problem {
  return error('notebook-reference', message, placeOf(reference));
}

function emptyReference(reference: INotebookReference, label: string): Problem {
  return warning(
    'notebook-reference',
    `${label} has no pipeline steps, so this reference adds nothing: mark its cells as steps`,
    placeOf(reference)
  );
}
