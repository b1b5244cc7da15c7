import { basename } from 'node:path';

import type { IParameter } from '../contract/wire.js';

/** Longest default title; a person's own title may be longer (the route caps it). */
const MAX_DEFAULT = 80;

/**
 * A run's default name: the notebook (or the pipeline) and the parameters
 * that differ from their defaults, `iris · lr=0.2, depth=3`, so two runs of
 * one notebook can be told apart in a list or a tab title.
 */
export function defaultRunTitle(
  pipelineName: string,
  notebookPath: string | undefined,
  parameters: readonly IParameter[]
): string {
  const base = notebookPath
    ? basename(notebookPath).replace(/\.ipynb$/i, '')
    : pipelineName;
  const changed = parameters
    .filter(p => JSON.stringify(p.value) !== JSON.stringify(p.default))
    .map(p => `${p.name}=${short(p.value)}`);
  const title = changed.length > 0 ? `${base} · ${changed.join(', ')}` : base;
  return title.length > MAX_DEFAULT
    ? `${title.slice(0, MAX_DEFAULT - 1)}…`
    : title;
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 20 ? `${text.slice(0, 19)}…` : text;
}
