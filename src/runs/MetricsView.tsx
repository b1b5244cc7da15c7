import * as React from 'react';

import type { IMetric } from '../tokens';
import { MetricChart } from './MetricChart';
import { formatMetric, IMetricPoint } from './metricsChart';

export interface IMetricsViewProps {
  runId: string;
  metrics: readonly IMetric[];
  /** Each metric across the notebook's recent runs (oldest first). */
  history: ReadonlyMap<string, IMetricPoint[]>;
  historyError: string | null;
}

/** The run's metrics as numbers, each with its trend over recent runs. */
export function MetricsView(props: IMetricsViewProps): JSX.Element {
  const latest = latestByName(props.metrics);
  if (latest.length === 0) {
    return <p className="jp-cellpipe-Muted">No metrics reported.</p>;
  }
  return (
    <table className="jp-cellpipe-Table jp-cellpipe-Metrics">
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Step</th>
          <th scope="col" className="jp-cellpipe-Table-number">
            Value
          </th>
          <th scope="col">Recent runs</th>
        </tr>
      </thead>
      <tbody>
        {latest.map(m => {
          const points = props.history.get(m.name) ?? [];
          return (
            <tr key={m.name}>
              <th scope="row" className="jp-cellpipe-Metrics-name">
                {m.name}
              </th>
              <td>{m.step}</td>
              <td className="jp-cellpipe-Table-number">
                {formatMetric(m.value)}
              </td>
              <td>
                {points.length > 0 ? (
                  <MetricChart
                    name={m.name}
                    points={points}
                    currentRunId={props.runId}
                  />
                ) : (
                  <span className="jp-cellpipe-Muted">
                    {props.historyError ?? '…'}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The last value of each metric name, in the order names first appeared. */
function latestByName(metrics: readonly IMetric[]): IMetric[] {
  const byName = new Map<string, IMetric>();
  for (const m of metrics) {
    const seen = byName.get(m.name);
    if (!seen || seen.at <= m.at) {
      byName.set(m.name, m);
    }
  }
  return [...byName.values()];
}
