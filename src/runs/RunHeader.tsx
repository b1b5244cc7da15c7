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
import { stepProgress } from './runTabTitle';

export interface IRunHeaderProps {
  run: IRunRecord;
  onCancel: () => Promise<void>;
  onResume: () => Promise<void>;
  onRerun: () => Promise<void>;
  onRename: () => void;
  /** Whether the tab stays on this run when its notebook runs again. */
  pinned: boolean;
  onTogglePin: () => void;
}

/** Name, status, progress, duration, start, parameters, and what can be done with the run. */
export function RunHeader(props: IRunHeaderProps): JSX.Element {
  const { run } = props;
  return (
    <header className="jp-cellpipe-RunHeader" data-status={run.status}>
      <div className="jp-cellpipe-RunHeader-title">
        <h2 title={`${run.title} (pipeline ${run.name}, run ${run.id})`}>
          {run.title}
        </h2>
        <button
          className="jp-cellpipe-RunHeader-rename jp-mod-styled jp-mod-minimal"
          onClick={props.onRename}
          title="Rename this run"
          aria-label="Rename run"
        >
          Rename
        </button>
        <span className="jp-cellpipe-StatusBadge" data-status={run.status}>
          {STATUS_LABEL[run.status]}
        </span>
        <RunProgress run={run} />
      </div>
      <RunFacts run={run} />
      <RunButtons {...props} />
    </header>
  );
}

/** `3 of 5 done` with a bar (cached and skipped steps count as done). */
function RunProgress({ run }: { run: IRunRecord }): JSX.Element {
  const { done, total } = stepProgress(run.stepCounts);
  const cached = run.stepCounts.cached ?? 0;
  const text = `${done} of ${total} done${cached > 0 ? ` (${cached} cached)` : ''}`;
  return (
    <span className="jp-cellpipe-RunProgress">
      <progress
        max={Math.max(total, 1)}
        value={done}
        aria-label={`Steps done: ${text}`}
      />
      <span className="jp-cellpipe-RunProgress-text">{text}</span>
    </span>
  );
}

function RunFacts({ run }: { run: IRunRecord }): JSX.Element {
  const now = useNow(isActive(run.status));
  const facts: [string, string, string?][] = [
    ['Pipeline', run.name],
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
      <button
        className="jp-mod-styled"
        aria-pressed={props.pinned}
        onClick={props.onTogglePin}
        title={
          props.pinned
            ? 'Pinned: this tab stays on this run. Click to follow the notebook’s newest run again'
            : 'This tab shows the notebook’s newest run. Click to keep it on this run'
        }
      >
        {props.pinned ? 'Pinned' : 'Pin'}
      </button>
    </div>
  );
}
