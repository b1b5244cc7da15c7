import * as React from 'react';

import type { IRunSummary } from '../tokens';
import {
  elapsedMs,
  formatDuration,
  formatParameters,
  formatTime
} from '../ui/format';
import { isActive, STATUS_LABEL } from '../ui/statusText';
import { useNow } from '../ui/useNow';

export interface IRunsProps {
  runs: readonly IRunSummary[];
  /** The run shown on the notebook, highlighted. */
  activeId: string | null;
  error: string | null;
  onOpen: (runId: string) => void;
}

/** The notebook's runs, newest first, kept live. */
export function RunsSection(props: IRunsProps): JSX.Element {
  const now = useNow(props.runs.some(r => isActive(r.status)));
  if (props.error) {
    return <p className="jp-cellpipe-Muted">{props.error}</p>;
  }
  if (props.runs.length === 0) {
    return <p className="jp-cellpipe-Muted">No runs yet.</p>;
  }
  return (
    <ul className="jp-cellpipe-Runs">
      {props.runs.map(run => (
        <li key={run.id}>
          <button
            className="jp-cellpipe-RunItem"
            data-status={run.status}
            aria-current={run.id === props.activeId ? 'true' : undefined}
            onClick={() => props.onOpen(run.id)}
            title={`Open run ${run.id}`}
          >
            <span className="jp-cellpipe-StatusDot" aria-hidden="true" />
            <span className="jp-cellpipe-RunItem-status">
              {STATUS_LABEL[run.status]}
            </span>
            <span className="jp-cellpipe-RunItem-time">
              {formatTime(run.startedAt ?? run.createdAt, new Date(now))}
            </span>
            <span className="jp-cellpipe-RunItem-duration">
              {formatDuration(elapsedMs(run, now))}
            </span>
            {Object.keys(run.parameters).length > 0 ? (
              <span className="jp-cellpipe-RunItem-params">
                {formatParameters(run.parameters)}
              </span>
            ) : null}
          </button>
        </li>
      ))}
    </ul>
  );
}
