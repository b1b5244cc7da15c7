import * as React from 'react';

import type { IRunRecord } from '../api/wire';
import { isActive, STATUS_LABEL } from '../graph/statusText';
import { useNow } from '../graph/useNow';
import {
  elapsedMs,
  formatDuration,
  formatParameters,
  formatTime
} from './format';

export interface IRunHeaderProps {
  run: IRunRecord;
  onCancel: () => Promise<void>;
  onResume: () => Promise<void>;
  onRerun: () => Promise<void>;
}

/** Name, status, duration, start, parameters, and what can be done with the run. */
export function RunHeader(props: IRunHeaderProps): JSX.Element {
  const { run } = props;
  const active = isActive(run.status);
  const now = useNow(active);
  const [busy, setBusy] = React.useState(false);
  const act = (action: () => Promise<void>) => async () => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };
  const parameters = formatParameters(run.parameters);
  return (
    <header className="jp-cellpipe-RunHeader" data-status={run.status}>
      <div className="jp-cellpipe-RunHeader-title">
        <h2>{run.name}</h2>
        <span className="jp-cellpipe-StatusBadge" data-status={run.status}>
          {STATUS_LABEL[run.status]}
        </span>
      </div>
      <dl className="jp-cellpipe-RunHeader-facts">
        <dt>Started</dt>
        <dd>{formatTime(run.startedAt ?? run.createdAt, new Date(now))}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(elapsedMs(run, now))}</dd>
        <dt>Target</dt>
        <dd>{run.target}</dd>
        <dt>Parameters</dt>
        <dd className="jp-cellpipe-RunHeader-params">
          {parameters || 'defaults'}
        </dd>
        {run.resumedFrom ? (
          <>
            <dt>Resumed from</dt>
            <dd>{run.resumedFrom}</dd>
          </>
        ) : null}
        {run.reason ? (
          <>
            <dt>Why</dt>
            <dd>{run.reason}</dd>
          </>
        ) : null}
      </dl>
      <div className="jp-cellpipe-RunHeader-actions">
        <button
          className="jp-mod-styled jp-mod-warn"
          disabled={!active || busy}
          onClick={act(props.onCancel)}
        >
          Cancel
        </button>
        <button
          className="jp-mod-styled"
          disabled={
            busy || !(run.status === 'failed' || run.status === 'cancelled')
          }
          onClick={act(props.onResume)}
          title="A new run: failed and changed steps run, the rest is reused"
        >
          Resume
        </button>
        <button
          className="jp-mod-styled"
          disabled={busy || active}
          onClick={act(props.onRerun)}
          title="A new run of every step, without the cache"
        >
          Re-run
        </button>
      </div>
    </header>
  );
}
