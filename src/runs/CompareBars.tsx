import * as React from 'react';

import { barChart, runSlot } from './compareChart';
import { formatMetric } from './metricsChart';

const CHART = { width: 220, height: 130, left: 44, bottom: 18, top: 8 };

function shortName(name: string): string {
  return name.length > 14 ? `${name.slice(0, 13)}…` : name;
}

/** One metric's value in each run as bars, with a value axis and round ticks. */
export function CompareBars(props: {
  title: string;
  values: (number | null)[];
  runs: string[];
}): JSX.Element {
  const chart = barChart(props.values);
  const plotH = CHART.height - CHART.bottom - CHART.top;
  const plotW = CHART.width - CHART.left - 4;
  /** A fraction of the plot height (0 bottom, 1 top) as an SVG y. */
  const y = (f: number) => CHART.top + plotH * (1 - f);
  const yOf = (value: number) =>
    y((value - chart.min) / (chart.max - chart.min));
  const slot = plotW / Math.max(props.values.length, 1);
  const said = (v: number | null) => (v === null ? 'none' : formatMetric(v));
  return (
    <figure className="jp-cellpipe-CompareChart">
      <figcaption>{props.title}</figcaption>
      <svg
        width={CHART.width}
        height={CHART.height}
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-label={`${props.title}: ${props.values
          .map((v, i) => `${props.runs[i]} ${said(v)}`)
          .join(', ')}`}
      >
        {chart.ticks.map(t => (
          <g key={t} className="jp-cellpipe-CompareChart-tick">
            <line
              x1={CHART.left}
              x2={CHART.width - 4}
              y1={yOf(t)}
              y2={yOf(t)}
            />
            <text x={CHART.left - 4} y={yOf(t) + 3}>
              {formatMetric(t)}
            </text>
          </g>
        ))}
        {chart.bars.map((bar, i) =>
          bar ? (
            <rect
              key={i}
              className="jp-cellpipe-CompareChart-bar"
              data-run={runSlot(i)}
              x={CHART.left + slot * (i + 0.2)}
              width={slot * 0.6}
              y={y(bar.to)}
              height={Math.max(1, y(bar.from) - y(bar.to))}
            >
              <title>{`${props.runs[i]}: ${said(props.values[i])}`}</title>
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
            {shortName(r)}
          </text>
        ))}
      </svg>
    </figure>
  );
}
