import type { IRunRecord } from '../tokens';

/** One value of a metric in one run. */
export interface IMetricPoint {
  runId: string;
  /** When the run was created (the x order). */
  at: string;
  value: number;
}

/**
 * Each metric's values across runs, oldest run first: per run, the last
 * value reported under that name (steps report a metric once, but a
 * `log_metric` loop may report it many times).
 */
export function metricHistory(
  runs: readonly IRunRecord[]
): Map<string, IMetricPoint[]> {
  const ordered = [...runs].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt)
  );
  const history = new Map<string, IMetricPoint[]>();
  for (const run of ordered) {
    const last = new Map<string, { value: number; at: string }>();
    for (const metric of run.metrics) {
      const seen = last.get(metric.name);
      if (!seen || seen.at <= metric.at) {
        last.set(metric.name, { value: metric.value, at: metric.at });
      }
    }
    for (const [name, { value }] of last) {
      const points = history.get(name) ?? [];
      points.push({ runId: run.id, at: run.createdAt, value });
      history.set(name, points);
    }
  }
  return history;
}

export interface IChartGeometry {
  /** SVG path data (`M x y L x y ...`); empty without values. */
  path: string;
  points: { x: number; y: number }[];
  min: number;
  max: number;
}

/**
 * A line through `values` inside a `width` x `height` box with `padding`
 * on every side: x evenly spaced left to right, the largest value at the
 * top. Equal values (or a single one) draw a flat line through the middle.
 */
export function chartGeometry(
  values: readonly number[],
  width: number,
  height: number,
  padding = 4
): IChartGeometry {
  const finite = values.filter(v => Number.isFinite(v));
  if (finite.length === 0) {
    return { path: '', points: [], min: 0, max: 0 };
  }
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const innerW = Math.max(0, width - 2 * padding);
  const innerH = Math.max(0, height - 2 * padding);
  const step = finite.length > 1 ? innerW / (finite.length - 1) : 0;
  const points = finite.map((value, i) => ({
    x: round(padding + (finite.length > 1 ? i * step : innerW / 2)),
    y: round(
      max === min
        ? padding + innerH / 2
        : padding + ((max - value) / (max - min)) * innerH
    )
  }));
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`)
    .join(' ');
  return { path, points, min, max };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A metric value short enough for a table cell: 4 significant digits. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  if (Number.isInteger(value) && Math.abs(value) < 1e9) {
    return String(value);
  }
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e9)
    ? value.toExponential(3)
    : String(Number(value.toPrecision(4)));
}
