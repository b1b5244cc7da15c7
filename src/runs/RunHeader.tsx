import * as React from 'react';

import type { IRunRecord } from '../tokens';
import {
  elapsedMs,
  formatDuration,
  formatParameters,
  formatTime
} from '../ui/format';
import { isActive, STATUS_LABEL } from '../ui/statusText';
import { useNow } from '../ui/useNow';

export interface IRunHeaderProps {
  run: IRunRecord;
  onCancel: () => Promise<void>;
  onResume: () => Promise<void>;
  onRerun: () => Promise<void>;
}

/** Name, status, duration, start, parameters, and what can be done with the run. */
export function RunHeader(props: IRunHeaderProps): JSX.Element {
  const { run } = props;
  return (
    <header className="jp-cellpipe-RunHeader" data-status={run.status}>
      <div className="jp-cellpipe-RunHeader-title">
        <h2>{run.name}</h2>
        <span className="jp-cellpipe-StatusBadge" data-status={run.status}>
          {STATUS_LABEL[run.status]}
        </span>
      </div>
      <RunFacts run={run} />
      <RunButtons {...props} />
    </header>
  );
}

function RunFacts({ run }: { run: IRunRecord }): JSX.Element {
  const now = useNow(isActive(run.status));
  const facts: [string, string, string?][] = [
    ['Started', formatTime(run.startedAt ?? run.createdAt, new Date(now))],
    ['Duration', formatDuration(elapsedMs(run, now))],
    ['Target', run.target],
    [
      'Parameters',
      formatParameters(run.parameters) || 'defaults',
      'jp-cellpipe-RunHeader-params'
    ]
  ];
  if (run.resumedFrom) {
    facts.push(['Resumed from', run.resumedFrom]);
  }
  if (run.reason) {
    facts.push(['Why', run.reason]);
  }
  return (
    <dl className="jp-cellpipe-RunHeader-facts">
      {facts.map(([term, value, className]) => (
        <div key={term} className="jp-cellpipe-RunHeader-fact">
          <dt>{term}</dt>
          <dd className={className}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Cancel, Resume and Re-run; each disabled while it does not apply or is under way. */
function RunButtons(props: IRunHeaderProps): JSX.Element {
  const { run } = props;
  const active = isActive(run.status);
  const [busy, setBusy] = React.useState(false);
  const act = (action: () => Promise<void>) => async () => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };
  const resumable = run.status === 'failed' || run.status === 'cancelled';
  return (
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
        disabled={busy || !resumable}
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
  );
}
