import * as React from 'react';

import type { IRunRecord } from '../tokens';
import { formatDuration } from '../ui/format';
import { isActive, STATUS_LABEL } from '../ui/statusText';
import { useNow } from '../ui/useNow';
import { runTimeline, timelineTicks, type ITimelineRow } from './timeline';

export interface IStepTimelineProps {
  run: IRunRecord;
  /** Steps in the order shown (the run's order by default). */
  order?: readonly string[];
  selected: string | null;
  onSelect: (step: string) => void;
}

/**
 * A Gantt chart of the run: per step a light bar while it waited for its
 * dependencies or a free slot, a bar in its status colour while it ran, and
 * a mark where a cached step was reused; a time axis from the run's start.
 */
export function StepTimeline(props: IStepTimelineProps): JSX.Element {
  const { run } = props;
  const now = useNow(isActive(run.status));
  const timeline = runTimeline(run, now, props.order);
  const pct = (t: number) => `${(100 * t) / timeline.span}%`;
  return (
    <div
      className="jp-cellpipe-Timeline"
      role="table"
      aria-label={`Step timeline of run ${run.title}`}
    >
      <div
        className="jp-cellpipe-Timeline-row jp-cellpipe-Timeline-axis"
        role="row"
      >
        <span className="jp-cellpipe-Timeline-name" role="columnheader">
          Step
        </span>
        <span className="jp-cellpipe-Timeline-track" role="columnheader">
          {timelineTicks(timeline.span).map(t => (
            <span
              key={t}
              className="jp-cellpipe-Timeline-tick"
              style={{ left: pct(t) }}
            >
              {t === 0 ? '0' : formatDuration(t)}
            </span>
          ))}
        </span>
        <span className="jp-cellpipe-Timeline-time" role="columnheader">
          Waited · ran
        </span>
      </div>
      {timeline.rows.map(row => (
        <TimelineRow
          key={row.step}
          row={row}
          pct={pct}
          selected={row.step === props.selected}
          onSelect={() => props.onSelect(row.step)}
        />
      ))}
    </div>
  );
}

function TimelineRow(props: {
  row: ITimelineRow;
  pct: (t: number) => string;
  selected: boolean;
  onSelect: () => void;
}): JSX.Element {
  const { row, pct } = props;
  const waitEnd = row.startedAt ?? row.endAt;
  const waited =
    row.readyAt !== null && waitEnd !== null && waitEnd > row.readyAt
      ? waitEnd - row.readyAt
      : null;
  const ran =
    row.status !== 'cached' && row.startedAt !== null && row.endAt !== null
      ? row.endAt - row.startedAt
      : null;
  const label =
    row.status === 'cached'
      ? `cached${row.cachedFrom ? ` from ${row.cachedFrom}` : ''}`
      : [
          waited !== null ? `waited ${formatDuration(waited)}` : null,
          ran !== null ? `ran ${formatDuration(ran)}` : null
        ]
          .filter(Boolean)
          .join(' · ') || STATUS_LABEL[row.status];
  return (
    <div
      className="jp-cellpipe-Timeline-row"
      role="row"
      data-status={row.status}
      aria-selected={props.selected}
      onClick={props.onSelect}
      title={`${row.step}: ${STATUS_LABEL[row.status]}, ${label}`}
    >
      <span className="jp-cellpipe-Timeline-name" role="rowheader">
        <span className="jp-cellpipe-StatusDot" aria-hidden="true" />
        {row.step}
      </span>
      <span className="jp-cellpipe-Timeline-track" role="cell">
        {waited !== null && row.readyAt !== null ? (
          <span
            className="jp-cellpipe-Timeline-wait"
            style={{ left: pct(row.readyAt), width: pct(waited) }}
          />
        ) : null}
        {row.status === 'cached' ? (
          <span
            className="jp-cellpipe-Timeline-cached"
            style={{ left: pct(row.startedAt ?? row.readyAt ?? 0) }}
          />
        ) : ran !== null && row.startedAt !== null ? (
          <span
            className="jp-cellpipe-Timeline-bar"
            style={{ left: pct(row.startedAt), width: pct(ran) }}
          />
        ) : null}
      </span>
      <span className="jp-cellpipe-Timeline-time" role="cell">
        {label}
      </span>
    </div>
  );
}
