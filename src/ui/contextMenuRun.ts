import type { JupyterFrontEnd } from '@jupyterlab/application';

/** A run named by the element a context menu was opened on. */
export interface IContextRun {
  runId: string;
  title: string;
}

/**
 * The run under the context menu: the nearest element with
 * `data-cellpipe-run-id` (a row of the runs list). Commands run from a
 * context menu get no arguments; this is how they find their run.
 */
export function contextMenuRun(app: JupyterFrontEnd): IContextRun | null {
  const node = app.contextMenuHitTest(n => !!n.dataset.cellpipeRunId);
  const runId = node?.dataset.cellpipeRunId;
  return runId
    ? { runId, title: node?.dataset.cellpipeRunTitle ?? runId }
    : null;
}
