import type {
  ICompileResult,
  IEventEnvelope,
  IRunRecord,
  IRunSummary,
  IStepError,
  StepStatus
} from '../tokens';

/** Any event the server sends (run events; deployment events pass through unchanged). */
export type ServerEvent = IEventEnvelope['event'];

/**
 * Applies one event to a run record. Pure and idempotent for the events a
 * replay can repeat (full step records replace, artifacts are keyed), so a
 * client that saw an event twice shows the same thing.
 */
export function applyRunEvent(
  record: IRunRecord,
  event: ServerEvent
): IRunRecord {
  switch (event.type) {
    case 'run.created':
    case 'run.updated':
      return event.run.id === record.id ? { ...record, ...event.run } : record;
    case 'step.updated':
      if (event.runId !== record.id) {
        return record;
      }
      return {
        ...record,
        steps: record.steps.map(s =>
          s.name === event.step.name ? event.step : s
        ),
        stepCounts: countSteps(
          record.steps.map(s =>
            s.name === event.step.name ? event.step.status : s.status
          )
        )
      };
    case 'step.metric':
      if (
        event.runId !== record.id ||
        record.metrics.some(
          m =>
            m.step === event.metric.step &&
            m.name === event.metric.name &&
            m.at === event.metric.at
        )
      ) {
        return record;
      }
      return { ...record, metrics: [...record.metrics, event.metric] };
    case 'step.artifact':
      if (event.runId !== record.id) {
        return record;
      }
      return {
        ...record,
        artifacts: [
          ...record.artifacts.filter(
            a =>
              !(
                a.step === event.artifact.step && a.name === event.artifact.name
              )
          ),
          event.artifact
        ]
      };
    default:
      return record;
  }
}

export function countSteps(
  statuses: StepStatus[]
): Partial<Record<StepStatus, number>> {
  const counts: Partial<Record<StepStatus, number>> = {};
  for (const s of statuses) {
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

/** Keeps a run list (newest first) up to date; `accept` decides which new runs belong in it. */
export function applyRunListEvent(
  runs: IRunSummary[],
  event: ServerEvent,
  accept: (run: IRunSummary) => boolean
): IRunSummary[] {
  switch (event.type) {
    case 'run.created':
      return accept(event.run) && !runs.some(r => r.id === event.run.id)
        ? [event.run, ...runs]
        : runs;
    case 'run.updated':
      return runs.map(r => (r.id === event.run.id ? event.run : r));
    case 'run.deleted':
      return runs.filter(r => r.id !== event.runId);
    default:
      return runs;
  }
}

export interface ICellRunState {
  step: string;
  status: StepStatus;
  startedAt: string | null;
  durationMs: number | null;
  /** Set on the cell that raised, for a failed step. */
  error: IStepError | null;
  /** True for the first cell of its step (where the chip goes). */
  first: boolean;
}

/** Worst first: what a `notebook:` cell shows for the steps of its notebook. */
const SUMMARY_ORDER: StepStatus[] = [
  'failed',
  'running',
  'queued',
  'cancelled',
  'pending',
  'skipped',
  'cached',
  'succeeded'
];

/**
 * A composed notebook's steps (cells from another notebook) show on the
 * `notebook:` cell that brought them in: one chip, "notebook_a.ipynb · 4
 * steps", in the worst status among them.
 */
function referenceStates(
  compile: ICompileResult,
  run: IRunRecord | null
): Map<string, ICellRunState> {
  const byCell = new Map<string, { label: string; steps: Set<string> }>();
  for (const step of compile.steps) {
    for (const cell of step.cells) {
      if (cell.via !== undefined && cell.notebook !== undefined) {
        const entry = byCell.get(cell.via) ?? {
          label: cell.notebook,
          steps: new Set<string>()
        };
        entry.steps.add(step.name);
        byCell.set(cell.via, entry);
      }
    }
  }
  const states = new Map<string, ICellRunState>();
  for (const [id, { label, steps }] of byCell) {
    const records = (run?.steps ?? []).filter(s => steps.has(s.name));
    const statuses = records.map(r => r.status);
    states.set(id, {
      step: `${label} · ${steps.size} step${steps.size === 1 ? '' : 's'}`,
      status: SUMMARY_ORDER.find(s => statuses.includes(s)) ?? 'pending',
      startedAt: null,
      durationMs: null,
      error: records.find(r => r.status === 'failed')?.error ?? null,
      first: true
    });
  }
  return states;
}

/** What each cell should show: its step, and that step's status in `run` when there is one. */
export function cellStates(
  compile: ICompileResult,
  run: IRunRecord | null
): Map<string, ICellRunState> {
  const states = referenceStates(compile, run);
  for (const step of compile.steps) {
    if (step.cells.every(c => c.via !== undefined)) {
      continue; // shown on its notebook: cell
    }
    const record = run?.steps.find(s => s.name === step.name);
    step.cells.forEach((cell, i) => {
      const failedHere =
        record?.status === 'failed' &&
        (record.error?.cellId === cell.id ||
          (record.error?.cellId === undefined && i === step.cells.length - 1));
      states.set(cell.id, {
        step: step.name,
        status: record?.status ?? 'pending',
        startedAt: record?.startedAt ?? null,
        durationMs: record?.durationMs ?? null,
        error: failedHere ? (record?.error ?? null) : null,
        first: i === 0
      });
    });
  }
  return states;
}
