import { styleText } from 'node:util';

import type { IRunRecord, IStepRecord, StepStatus } from '../contract/wire.js';

const SYMBOL: Record<StepStatus, string> = {
  pending: '·',
  queued: '…',
  running: '▶',
  succeeded: '✓',
  cached: '≈',
  failed: '✗',
  skipped: '-',
  cancelled: '⊘'
};

type Color = Parameters<typeof styleText>[0];
const COLOR: Record<StepStatus, Color> = {
  pending: 'gray',
  queued: 'gray',
  running: 'cyan',
  succeeded: 'green',
  cached: 'blue',
  failed: 'red',
  skipped: 'gray',
  cancelled: 'yellow'
};

const DONE: ReadonlySet<StepStatus> = new Set([
  'succeeded',
  'cached',
  'failed',
  'skipped',
  'cancelled'
]);

export function seconds(ms: number): string {
  return ms < 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.round(ms / 1000)} s`;
}

function elapsed(step: IStepRecord, now: number): string {
  if (step.durationMs !== null) {
    return seconds(step.durationMs);
  }
  return step.startedAt && step.status === 'running'
    ? seconds(now - Date.parse(step.startedAt))
    : '';
}

export function progressBar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

function stepLine(
  step: IStepRecord,
  width: number,
  now: number,
  color: boolean
): string {
  const paint = (c: Color, text: string) => (color ? styleText(c, text) : text);
  const detail =
    step.status === 'failed'
      ? (step.error?.message ?? step.reason ?? '').split('\n')[0]
      : step.status === 'cached'
        ? `from ${step.cachedFrom}`
        : '';
  const attempt = step.attempt > 1 ? ` (try ${step.attempt})` : '';
  return `  ${paint(COLOR[step.status], SYMBOL[step.status])} ${step.name.padEnd(width)}  ${paint(COLOR[step.status], step.status.padEnd(9))}  ${elapsed(step, now).padStart(7)}${attempt}  ${detail}`.trimEnd();
}

/** The live view of a run: one line per step with status and duration, and a progress bar. */
export function renderProgress(
  run: IRunRecord,
  now: number,
  color: boolean
): string {
  const done = run.steps.filter(s => DONE.has(s.status)).length;
  const width = Math.max(4, ...run.steps.map(s => s.name.length));
  const total =
    run.durationMs ?? (run.startedAt ? now - Date.parse(run.startedAt) : 0);
  const head = `Pipeline "${run.name}"  run ${run.id}  ${progressBar(done, run.steps.length)} ${done}/${run.steps.length} steps  ${seconds(total)}`;
  return [head, ...run.steps.map(s => stepLine(s, width, now, color))].join(
    '\n'
  );
}
