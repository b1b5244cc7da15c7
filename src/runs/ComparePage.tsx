import * as React from 'react';

import type { IRunComparison, IStepComparison } from '../tokens';
import { formatDuration, pythonLiteral } from '../ui/format';
import { STATUS_LABEL } from '../ui/statusText';
import { CompareBars } from './CompareBars';
import { runSlot } from './compareChart';
import { CompareCode } from './CompareCode';
import { formatMetric } from './metricsChart';

export interface IComparePageProps {
  comparison: IRunComparison | null;
  error: string | null;
  onOpenRun: (runId: string) => void;
}

/** One row of a compare table: a label and one cell per run. */
interface IRow {
  key: string;
  label: string;
  differs: boolean;
  cells: string[];
}

/** A value in a run, or a dash where the run has none. */
function shown<T>(value: T | null, format: (v: T) => string): string {
  return value === null ? '—' : format(value);
}

function differingRows(c: IRunComparison): number {
  return [c.parameters, c.metrics, c.steps].flat().filter(row => row.differs)
    .length;
}

/**
 * Runs side by side: parameters, metrics (a table and a bar chart with an
 * axis per metric), and steps (ran or cached, how long, code changed, the
 * code's line diff between runs); rows that differ are marked.
 */
export function ComparePage(props: IComparePageProps): JSX.Element {
  const c = props.comparison;
  if (!c) {
    return (
      <div className="jp-cellpipe-Page jp-cellpipe-ComparePage">
        <p className={props.error ? 'jp-cellpipe-Error' : 'jp-cellpipe-Muted'}>
          {props.error
            ? `The runs could not be compared: ${props.error}`
            : 'Loading the runs…'}
        </p>
      </div>
    );
  }
  const differing = differingRows(c);
  const titles = c.runs.map(r => r.title);
  const table = (title: string, rows: IRow[], empty: string) => (
    <CompareTable
      c={c}
      title={title}
      rows={rows}
      empty={empty}
      onOpenRun={props.onOpenRun}
    />
  );
  return (
    <div className="jp-cellpipe-Page jp-cellpipe-ComparePage">
      <h2>Compare {c.runs.length} runs</h2>
      <p className="jp-cellpipe-Muted">
        {differing === 0
          ? 'No differences.'
          : `${differing} row${differing > 1 ? 's' : ''} differ (marked).`}
      </p>
      <section aria-label="Parameters">
        <h3>Parameters</h3>
        {table('Parameters', parameterRows(c), 'No parameters.')}
      </section>
      <section aria-label="Metrics">
        <h3>Metrics</h3>
        {table('Metrics', metricRows(c), 'No metrics reported.')}
        <div className="jp-cellpipe-CompareCharts">
          {c.metrics.map(m => (
            <CompareBars
              key={`${m.step}/${m.name}`}
              title={`${m.name} (${m.step})`}
              values={m.values}
              runs={titles}
            />
          ))}
        </div>
      </section>
      <section aria-label="Steps">
        <h3>Steps</h3>
        {table('Steps', stepRows(c), 'No steps.')}
        {c.steps
          .filter(s => s.codeChanged)
          .map(s => (
            <CompareCode key={s.name} step={s} runs={titles} />
          ))}
      </section>
    </div>
  );
}

function parameterRows(c: IRunComparison): IRow[] {
  return c.parameters.map(p => ({
    key: p.name,
    label: p.name,
    differs: p.differs,
    cells: p.values.map(v => shown(v, pythonLiteral))
  }));
}

function metricRows(c: IRunComparison): IRow[] {
  return c.metrics.map(m => ({
    key: `${m.step}/${m.name}`,
    label: `${m.name} (${m.step})`,
    differs: m.differs,
    cells: m.values.map(v => shown(v, formatMetric))
  }));
}

function stepRows(c: IRunComparison): IRow[] {
  return c.steps.map(s => ({
    key: s.name,
    label: s.codeChanged ? `${s.name} · code changed` : s.name,
    differs: s.differs,
    cells: s.status.map((st, i) => stepCell(s, st, i))
  }));
}

function stepCell(
  s: IStepComparison,
  status: IStepComparison['status'][number],
  i: number
): string {
  if (status === null) {
    return 'not in this run';
  }
  const took = s.durationMs[i];
  return took === null
    ? STATUS_LABEL[status]
    : `${STATUS_LABEL[status]} · ${formatDuration(took)}`;
}

function CompareTable(props: {
  c: IRunComparison;
  title: string;
  rows: IRow[];
  empty: string;
  onOpenRun: (runId: string) => void;
}): JSX.Element {
  if (props.rows.length === 0) {
    return <p className="jp-cellpipe-Muted">{props.empty}</p>;
  }
  return (
    <table
      className="jp-cellpipe-Table jp-cellpipe-CompareTable"
      aria-label={props.title}
    >
      <thead>
        <tr>
          <th scope="col">
            <span className="jp-cellpipe-VisuallyHidden">Row</span>
          </th>
          {props.c.runs.map((r, i) => (
            <th
              key={`${r.id}-${i}`}
              scope="col"
              className="jp-cellpipe-RunSwatch"
              data-run={runSlot(i)}
            >
              <button
                className="jp-cellpipe-CompareTable-run"
                onClick={() => props.onOpenRun(r.id)}
                title={`Open run ${r.id}`}
              >
                {r.title}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map(row => (
          <tr key={row.key} data-differs={row.differs}>
            <th scope="row">
              {row.differs ? (
                <span className="jp-cellpipe-CompareTable-mark" title="differs">
                  ≠
                </span>
              ) : null}
              {row.label}
            </th>
            {row.cells.map((cell, i) => (
              <td key={i}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
