import type { IStepError } from '../tokens';
// One duration format and one word per status everywhere (chips, graph, run views).
import { formatDuration } from '../ui/format';
import { STATUS_LABEL } from '../ui/statusText';
import type { CellRole } from './cellMarks';
import type { ICellDecoration } from './decorations';

/** The chip of a role region's first cell: what it is, and what that means. */
export const ROLE_LABELS: Readonly<Record<CellRole, [string, string]>> = {
  skip: ['skipped', 'not part of the pipeline'],
  imports: ['imports', 'run first in every step'],
  functions: ['functions', 'run first in every step'],
  parameters: ['pipeline parameters', 'set per run'],
  metrics: ['pipeline metrics', 'reported by the run']
};

/** A running step's elapsed time as a clock: `0:07`, `12:30`, `1:02:03`. */
export function formatClock(startedAt: string | null, now: number): string {
  const started = startedAt ? Date.parse(startedAt) : NaN;
  if (Number.isNaN(started)) {
    return '';
  }
  const total = Math.max(0, Math.floor((now - started) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The status part of a chip: `running 0:12`, `succeeded in 1.2 s`, `cached`. */
export function chipStatusText(d: ICellDecoration, now: number): string {
  if (d.status === null) {
    return '';
  }
  const label = STATUS_LABEL[d.status];
  if (d.status === 'running') {
    return `${label} ${formatClock(d.startedAt, now)}`.trim();
  }
  if (
    (d.status === 'succeeded' || d.status === 'failed') &&
    d.durationMs !== null
  ) {
    return `${label} in ${formatDuration(d.durationMs)}`;
  }
  return label;
}

/** A metric as a chip shows it: four significant digits (`0.9733`, `123500`). */
export function formatMetric(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e6) {
    return String(value);
  }
  return String(Number(value.toPrecision(4)));
}

export interface IErrorView {
  /** `ZeroDivisionError: division by zero`, or the message in words. */
  headline: string;
  /** `line 3: x = 1 / 0`, when the line is known. */
  location: string | null;
  traceback: string | null;
}

/** What a failed cell shows under its input; `source` is the cell's current code. */
export function errorView(error: IStepError, source: string): IErrorView {
  const headline = error.ename
    ? error.evalue
      ? `${error.ename}: ${error.evalue}`
      : error.ename
    : error.message;
  let location: string | null = null;
  if (error.line !== undefined && error.line > 0) {
    const text = source.split('\n')[error.line - 1];
    location =
      text !== undefined && text.trim()
        ? `line ${error.line}: ${text.trim()}`
        : `line ${error.line}`;
  }
  return {
    headline,
    location,
    traceback: error.traceback?.trim() ? error.traceback : null
  };
}
