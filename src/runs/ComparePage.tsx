import * as React from 'react';

import type { IRunComparison, IStepComparison } from '../tokens';
import { formatDuration, pythonLiteral } from '../ui/format';
import { STATUS_LABEL } from '../ui/statusText';
import { barChart } from './compareChart';
import { formatMetric } from './metricsChart';

export interface IComparePageProps {
  comparison: IRunComparison | null;
  error: string | null;
  onOpenRun: (runId: string) => void;
}

/**
 * Runs side by side: parameters, metrics (a table and a bar chart with an
 * axis per metric), and steps (ran or cached, how long, code changed, the
 * code of each run); rows that differ are marked.
 */
export function ComparePage(props: IComparePageProps): JSX.Element {
  const c = props.comparison;
  if (!c) {
    return (
      <div className="jp-cellpipe-ComparePage">
        <p className={props.error ? 'jp-cellpipe-Error' : 'jp-cellpipe-Muted'}>
          {props.error
            ? `The runs could not be compared: ${props.error}`
            : 'Loading the runs…'}
        </p>
      </div>
    );
  }
  const differing =
    c.parameters.filter(p => p.differs).length +
    c.metrics.filter(m => m.differs).length +
    c.steps.filter(s => s.differs).length;
  return (
    <div className="jp-cellpipe-ComparePage">
      <h2>Compare {c.runs.length} runs</h2>
      <p className="jp-cellpipe-Muted">
        {differing === 0
          ? 'No differences.'
          : `${differing} row${differing > 1 ? 's' : ''} differ (marked).`}
      </p>
      <section aria-label="Parameters">
        <h3>Parameters</h3>
        <CompareTable
          c={c}
          onOpenRun={props.onOpenRun}
          rows={c.parameters.map(p => ({
            key: p.name,
            label: p.name,
            differs: p.differs,
            cells: p.values.map(v => (v === null ? '—' : pythonLiteral(v)))
          }))}
          empty="No parameters."
        />
      </section>
      <section aria-label="Metrics">
        <h3>Metrics</h3>
        <CompareTable
          c={c}
          onOpenRun={props.onOpenRun}
          rows={c.metrics.map(m => ({
            key: `${m.step}/${m.name}`,
            label: `${m.name} (${m.step})`,
            differs: m.differs,
            cells: m.values.map(v => (v === null ? '—' : formatMetric(v)))
          }))}
          empty="No metrics reported."
        />
        <div className="jp-cellpipe-CompareCharts">
          {c.metrics.map(m => (
            <MetricBars
              key={`${m.step}/${m.name}`}
              title={`${m.name} (${m.step})`}
              values={m.values}
              runs={c.runs.map(r => r.title)}
            />
          ))}
        </div>
      </section>
      <section aria-label="Steps">
        <h3>Steps</h3>
        <CompareTable
          c={c}
          onOpenRun={props.onOpenRun}
          rows={c.steps.map(s => ({
            key: s.name,
            label: s.codeChanged ? `${s.name} · code changed` : s.name,
            differs: s.differs,
            cells: s.status.map((st, i) => stepCell(s, st, i))
          }))}
          empty="No steps."
        />
        {c.steps
          .filter(s => s.codeChanged)
          .map(s => (
            <CodeSideBySide
              key={s.name}
              step={s}
              runs={c.runs.map(r => r.title)}
            />
          ))}
      </section>
    </div>
  );
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

interface IRow {
  key: string;
  label: string;
  differs: boolean;
  cells: string[];
}

function CompareTable(props: {
  c: IRunComparison;
  rows: IRow[];
  empty: string;
  onOpenRun: (runId: string) => void;
}): JSX.Element {
  if (props.rows.length === 0) {
    return <p className="jp-cellpipe-Muted">{props.empty}</p>;
  }
  return (
    <table className="jp-cellpipe-Table jp-cellpipe-CompareTable">
      <thead>
        <tr>
          <th scope="col">
            <span className="jp-cellpipe-VisuallyHidden">Row</span>
          </th>
          {props.c.runs.map((r, i) => (
            <th key={`${r.id}-${i}`} scope="col" data-run={i % 4}>
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

const CHART = { width: 220, height: 130, left: 44, bottom: 18, top: 8 };

/** One metric's value in each run as bars, with a value axis and round ticks. */
function MetricBars(props: {
  title: string;
  values: (number | null)[];
  runs: string[];
}): JSX.Element {
  const chart = barChart(props.values);
  const plotH = CHART.height - CHART.bottom - CHART.top;
  const plotW = CHART.width - CHART.left - 4;
  const y = (f: number) => CHART.top + plotH * (1 - f);
  const slot = plotW / Math.max(props.values.length, 1);
  const span = chart.max - chart.min;
  return (
    <figure className="jp-cellpipe-CompareChart">
      <figcaption>{props.title}</figcaption>
      <svg
        width={CHART.width}
        height={CHART.height}
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-label={`${props.title}: ${props.values
          .map(
            (v, i) =>
              `${props.runs[i]} ${v === null ? 'none' : formatMetric(v)}`
          )
          .join(', ')}`}
      >
        {chart.ticks.map(t => (
          <g key={t} className="jp-cellpipe-CompareChart-tick">
            <line
              x1={CHART.left}
              x2={CHART.width - 4}
              y1={y((t - chart.min) / span)}
              y2={y((t - chart.min) / span)}
            />
            <text x={CHART.left - 4} y={y((t - chart.min) / span) + 3}>
              {formatMetric(t)}
            </text>
          </g>
        ))}
        {chart.bars.map((bar, i) =>
          bar ? (
            <rect
              key={i}
              className="jp-cellpipe-CompareChart-bar"
              data-run={i % 4}
              x={CHART.left + slot * i + slot * 0.2}
              width={slot * 0.6}
              y={y(bar.to)}
              height={Math.max(1, y(bar.from) - y(bar.to))}
            >
              <title>{`${props.runs[i]}: ${formatMetric(props.values[i]!)}`}</title>
            </rect>
          ) : null
        )}
        {props.runs.map((r, i) => (
          <text
            key={i}
            className="jp-cellpipe-CompareChart-label"
            x={CHART.left + slot * (i + 0.5)}
            y={CHART.height - 4}
          >
            {r.length > 14 ? `${r.slice(0, 13)}…` : r}
          </text>
        ))}
      </svg>
    </figure>
  );
}

/** The code of a step that changed, one column per run. */
function CodeSideBySide(props: {
  step: IStepComparison;
  runs: string[];
}): JSX.Element {
  return (
    <details className="jp-cellpipe-CompareCode" open>
      <summary>Code of {props.step.name}</summary>
      <div className="jp-cellpipe-CompareCode-columns">
        {props.step.code.map((code, i) => (
          <div key={i} className="jp-cellpipe-CompareCode-column">
            <div className="jp-cellpipe-CompareCode-run" data-run={i % 4}>
              {props.runs[i]}
            </div>
            <pre>{code ?? '(not in this run)'}</pre>
          </div>
        ))}
      </div>
    </details>
  );
}
