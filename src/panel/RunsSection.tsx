import * as React from 'react';

import type { IRunSummary, RunStatus } from '../tokens';
import {
  elapsedMs,
  formatDuration,
  formatParameters,
  formatTime
} from '../ui/format';
import { isActive, STATUS_LABEL } from '../ui/statusText';
import { useNow } from '../ui/useNow';
import { filterRuns, type IRunFilter } from './runFilter';

export interface IRunsProps {
  runs: readonly IRunSummary[];
  /** The run shown on the notebook, highlighted. */
  activeId: string | null;
  error: string | null;
  onOpen: (runId: string) => void;
  onDelete: (runId: string, title: string) => void;
  /** Asks for a new name (cellpipe:rename-run). */
  onRename: (runId: string, title: string) => void;
  /** Opens the chosen runs (two or more, oldest first) side by side. */
  onCompare: (runIds: string[]) => void;
}

const STATUSES: RunStatus[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled'
];

/** The notebook's runs, newest first, kept live, filtered by text and status. */
export function RunsSection(props: IRunsProps): JSX.Element {
  const now = useNow(props.runs.some(r => isActive(r.status)));
  const [filter, setFilter] = React.useState<IRunFilter>({
    text: '',
    status: ''
  });
  const [chosen, setChosen] = React.useState<ReadonlySet<string>>(new Set());
  if (props.error) {
    return <p className="jp-cellpipe-Muted">{props.error}</p>;
  }
  if (props.runs.length === 0) {
    return <p className="jp-cellpipe-Muted">No runs yet.</p>;
  }
  const shown = filterRuns(props.runs, filter);
  const toCompare = props.runs.filter(r => chosen.has(r.id)).reverse();
  const choose = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) {
      next.add(id);
    } else {
      next.delete(id);
    }
    setChosen(next);
  };
  return (
    <div className="jp-cellpipe-RunsList">
      <div className="jp-cellpipe-RunsFilter">
        <input
          type="search"
          className="jp-mod-styled"
          placeholder="Filter: words, lr=0.1"
          aria-label="Filter runs"
          value={filter.text}
          onChange={e => setFilter({ ...filter, text: e.target.value })}
        />
        <select
          className="jp-mod-styled"
          aria-label="Run status"
          value={filter.status}
          onChange={e =>
            setFilter({ ...filter, status: e.target.value as RunStatus | '' })
          }
        >
          <option value="">any status</option>
          {STATUSES.map(s => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      {shown.length === 0 ? (
        <p className="jp-cellpipe-Muted">No run matches.</p>
      ) : null}
      <ul className="jp-cellpipe-Runs">
        {shown.map(run => (
          <RunRow
            key={run.id}
            run={run}
            now={now}
            chosen={chosen.has(run.id)}
            onChoose={on => choose(run.id, on)}
            {...props}
          />
        ))}
      </ul>
      {props.runs.length > 1 ? (
        <button
          className="jp-mod-styled jp-cellpipe-RunsCompare"
          disabled={toCompare.length < 2}
          onClick={() => props.onCompare(toCompare.map(r => r.id))}
          title="Tick two or more runs to see them side by side"
        >
          {toCompare.length < 2
            ? 'Compare: tick two runs'
            : `Compare ${toCompare.length} runs`}
        </button>
      ) : null}
    </div>
  );
}

function RunRow(
  props: IRunsProps & {
    run: IRunSummary;
    now: number;
    chosen: boolean;
    onChoose: (on: boolean) => void;
  }
): JSX.Element {
  const { run, now } = props;
  const params = formatParameters(run.parameters);
  return (
    <li
      className="jp-cellpipe-RunRow"
      data-cellpipe-run-id={run.id}
      data-cellpipe-run-title={run.title}
    >
      <input
        type="checkbox"
        className="jp-cellpipe-RunRow-choose"
        checked={props.chosen}
        onChange={e => props.onChoose(e.target.checked)}
        aria-label={`Compare run ${run.title}`}
        title="Compare this run with others"
      />
      <button
        className="jp-cellpipe-RunItem"
        data-status={run.status}
        aria-current={run.id === props.activeId ? 'true' : undefined}
        onClick={() => props.onOpen(run.id)}
        title={`Open run ${run.title} (${run.id})${params ? `\n${params}` : ''}`}
      >
        <span className="jp-cellpipe-StatusDot" aria-hidden="true" />
        <span className="jp-cellpipe-RunItem-title">{run.title}</span>
        <span className="jp-cellpipe-RunItem-time">
          {formatTime(run.startedAt ?? run.createdAt, new Date(now))}
        </span>
        <span className="jp-cellpipe-RunItem-duration">
          {formatDuration(elapsedMs(run, now))}
        </span>
        <span className="jp-cellpipe-RunItem-status">
          {STATUS_LABEL[run.status]}
        </span>
        {params ? (
          <span className="jp-cellpipe-RunItem-params">{params}</span>
        ) : null}
      </button>
      <div className="jp-cellpipe-RunRow-actions">
        <button
          className="jp-cellpipe-RunRow-rename jp-mod-styled"
          aria-label={`Rename run ${run.title}`}
          title="Rename run…"
          onClick={() => props.onRename(run.id, run.title)}
        >
          ✎
        </button>
        <button
          className="jp-cellpipe-RunRow-delete jp-mod-styled"
          aria-label={`Delete run ${run.title}`}
          title="Delete run…"
          disabled={isActive(run.status)}
          onClick={() => props.onDelete(run.id, run.title)}
        >
          ×
        </button>
      </div>
    </li>
  );
}
