import * as React from 'react';

import { chartGeometry, formatMetric, IMetricPoint } from './metricsChart';

const WIDTH = 160;
const HEIGHT = 40;
const PADDING = 4;

export interface IMetricChartProps {
  name: string;
  points: readonly IMetricPoint[];
  /** The run this view shows: its point is drawn larger. */
  currentRunId: string;
}

/** A small line chart of one metric across the notebook's recent runs. */
export function MetricChart(props: IMetricChartProps): JSX.Element {
  const { points, currentRunId } = props;
  const geometry = chartGeometry(
    points.map(p => p.value),
    WIDTH,
    HEIGHT,
    PADDING
  );
  const label =
    points.length > 1
      ? `${props.name} over the last ${points.length} runs: from ${formatMetric(points[0].value)} to ${formatMetric(points[points.length - 1].value)}`
      : `${props.name}: one run so far`;
  return (
    <svg
      className="jp-cellpipe-MetricChart"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
    >
      <path className="jp-cellpipe-MetricChart-line" d={geometry.path} />
      {geometry.points.map((pt, i) => (
        <circle
          key={points[i].runId}
          className="jp-cellpipe-MetricChart-point"
          data-current={points[i].runId === currentRunId}
          cx={pt.x}
          cy={pt.y}
          r={points[i].runId === currentRunId ? 3.5 : 2}
        >
          <title>
            {`${new Date(points[i].at).toLocaleString()}: ${formatMetric(points[i].value)}`}
          </title>
        </circle>
      ))}
    </svg>
  );
}
