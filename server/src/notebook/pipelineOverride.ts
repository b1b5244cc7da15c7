/** Puts `pipeline` into the snapshot's `metadata.cellpipe.pipeline` (the compile reads it there). */
export function withPipelineOverride(
  notebook: unknown,
  pipeline: unknown
): unknown {
  if (
    pipeline === undefined ||
    typeof notebook !== 'object' ||
    notebook === null
  ) {
    return notebook;
  }
  const nb = notebook as { metadata?: Record<string, unknown> };
  const cellpipe = (nb.metadata?.cellpipe ?? {}) as Record<string, unknown>;
  return {
    ...nb,
    metadata: { ...nb.metadata, cellpipe: { ...cellpipe, pipeline } }
  };
}
