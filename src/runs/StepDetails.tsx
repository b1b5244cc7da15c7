import * as React from 'react';

import type { IStepRecord } from '../tokens';
import { elapsedMs, formatDuration } from '../ui/format';
import { STATUS_LABEL } from '../ui/statusText';
import { useNow } from '../ui/useNow';
import { stripAnsi } from './logSearch';

export interface IStepDetailsProps {
  step: IStepRecord;
  onShowCells: () => void;
  /** Opens another run (the one a cached step reused). */
  onOpenRun: (runId: string) => void;
}

/** A step's status line, and why it failed (with the failing cell). */
export function StepDetails(props: IStepDetailsProps) {
  const { step, onShowCells } = props;
  const now = useNow(step.status === 'running');
  const facts = [
    STATUS_LABEL[step.status],
    step.status === 'cached' ? null : formatDuration(elapsedMs(step, now)),
    step.attempt > 1 ? `attempt ${step.attempt}` : null,
    step.exitCode !== null && step.exitCode !== 0
      ? `exit code ${step.exitCode}`
      : null
  ].filter(Boolean);
  return (
    <div className="jp-cellpipe-StepDetails" data-status={step.status}>
      <div className="jp-cellpipe-StepDetails-facts">
        <span className="jp-cellpipe-StatusDot" aria-hidden="true" />
        <span>{facts.join(' · ')}</span>
        <button className="jp-cellpipe-TextButton" onClick={onShowCells}>
          Show cells
        </button>
      </div>
      {step.reason && !step.error ? (
        <p className="jp-cellpipe-StepDetails-reason">{step.reason}</p>
      ) : null}
      {step.cachedFrom ? (
        <p className="jp-cellpipe-StepDetails-reason">
          Its log is in{' '}
          <button
            className="jp-cellpipe-TextButton"
            onClick={() => props.onOpenRun(step.cachedFrom!)}
          >
            run {step.cachedFrom}
          </button>
          .
        </p>
      ) : null}
      {step.error ? (
        <div className="jp-cellpipe-StepDetails-error" role="alert">
          <strong>{step.error.message}</strong>
          {step.error.traceback ? (
            <details>
              <summary>Traceback</summary>
              <pre>{stripAnsi(step.error.traceback)}</pre>
            </details>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
