import * as React from 'react';

import type { IRunRecord } from '../tokens';
import { elapsedMs, formatDuration } from '../ui/format';
import { isActive, STATUS_LABEL } from '../ui/statusText';
import { useNow } from '../ui/useNow';

export type RunAction = 'run' | 'cancel' | 'resume' | 'rerun';

export interface IRunControlsProps {
  /** The run shown on the notebook (the latest or the one just started). */
  run: IRunRecord | null;
  onAction: (action: RunAction) => void;
  onOpenRun: (runId: string) => void;
  /** Why the pipeline cannot run (its problems hold an error), else null: Run and Re-run are off. */
  blockedBy?: string | null;
}

/** Run, Cancel, Resume from failed and Re-run, with the shown run's status. */
export function RunControls({
  run,
  onAction,
  onOpenRun,
  blockedBy = null
}: IRunControlsProps): JSX.Element {
  const active = run !== null && isActive(run.status);
  const resumable =
    run !== null && (run.status === 'failed' || run.status === 'cancelled');
  const now = useNow(active);
  const blockedId = React.useId();
  return (
    <div className="jp-cellpipe-RunControls">
      <div className="jp-cellpipe-RunControls-buttons">
        <button
          className="jp-mod-styled jp-mod-accept"
          onClick={() => onAction('run')}
          disabled={blockedBy !== null}
          aria-describedby={blockedBy ? blockedId : undefined}
          title={
            blockedBy ??
            'Run the pipeline of this notebook (unchanged steps are reused)'
          }
        >
          Run
        </button>
        <button
          className="jp-mod-styled"
          onClick={() => onAction('cancel')}
          disabled={!active}
        >
          Cancel
        </button>
        <button
          className="jp-mod-styled"
          onClick={() => onAction('resume')}
          disabled={!resumable}
          title="Run the failed and changed steps again, reusing the rest"
        >
          Resume
        </button>
        <button
          className="jp-mod-styled"
          onClick={() => onAction('rerun')}
          disabled={run === null || active || blockedBy !== null}
          title={blockedBy ?? 'Run every step again, without the cache'}
        >
          Re-run
        </button>
      </div>
      {blockedBy ? (
        <p
          id={blockedId}
          className="jp-cellpipe-RunControls-blocked"
          role="status"
        >
          {blockedBy}
        </p>
      ) : null}
      {run ? (
        <button
          className="jp-cellpipe-RunControls-status"
          data-status={run.status}
          onClick={() => onOpenRun(run.id)}
          title="Open this run"
        >
          <span className="jp-cellpipe-StatusDot" aria-hidden="true" />
          <span>
            {run.resumedFrom ? 'Resumed run' : 'Run'} {STATUS_LABEL[run.status]}
            {' · '}
            {formatDuration(elapsedMs(run, now))}
            {run.reason ? ` · ${run.reason}` : ''}
          </span>
        </button>
      ) : (
        <p className="jp-cellpipe-Muted">Not run yet.</p>
      )}
    </div>
  );
}
