import type { IRunRecord, StepStatus } from '../tokens';

/**
 * The step timeline of a run (pure): per step, when it could start (its
 * dependencies done), when it started and when it finished, as milliseconds
 * from the run's start. Waiting is the time between the first two; a cached
 * step has no running time, only the moment it was reused.
 */
export interface ITimelineRow {
  step: string;
  status: StepStatus;
  /** Its dependencies were done (or the run started); null when never ready. */
  readyAt: number | null;
  startedAt: number | null;
  /** Finished, or now while it runs or waits. */
  endAt: number | null;
  cachedFrom: string | null;
}

export interface ITimeline {
  rows: ITimelineRow[];
  /** The run's start, epoch ms. */
  origin: number;
  /** From the origin to the last moment shown, at least 1 ms. */
  span: number;
}

const ms = (iso: string | null): number | null => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? null : t;
};

export function runTimeline(
  run: IRunRecord,
  now: number,
  order: readonly string[] = run.order
): ITimeline {
  const origin = ms(run.startedAt) ?? ms(run.createdAt) ?? now;
  const runEnd = ms(run.finishedAt) ?? now;
  const byName = new Map(run.steps.map(s => [s.name, s]));
  const finished = (name: string) => ms(byName.get(name)?.finishedAt ?? null);
  const rows: ITimelineRow[] = [];
  for (const name of order) {
    const s = byName.get(name);
    if (!s) {
      continue;
    }
    const deps = s.dependsOn.map(finished);
    const ready = deps.some(d => d === null)
      ? null
      : Math.max(origin, ...(deps as number[]));
    const started = ms(s.startedAt);
    const waiting = s.status === 'queued' || s.status === 'pending';
    const end =
      ms(s.finishedAt) ??
      (s.status === 'running' || (waiting && ready !== null) ? runEnd : null);
    rows.push({
      step: name,
      status: s.status,
      readyAt: ready === null ? null : ready - origin,
      startedAt: started === null ? null : started - origin,
      endAt: end === null ? null : end - origin,
      cachedFrom: s.cachedFrom
    });
  }
  const last = Math.max(
    1,
    runEnd - origin,
    ...rows.map(r => r.endAt ?? r.startedAt ?? 0)
  );
  return { rows, origin, span: last };
}

const TICK_STEPS_MS = [
  100, 250, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000,
  300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000,
  43_200_000, 86_400_000
];

/** Axis ticks (ms from the start) at a round interval, at most `max` + 1 of them. */
export function timelineTicks(span: number, max = 6): number[] {
  const step =
    TICK_STEPS_MS.find(s => span / s <= max) ??
    TICK_STEPS_MS[TICK_STEPS_MS.length - 1];
  const ticks: number[] = [];
  for (let t = 0; t <= span + 1e-9 && ticks.length <= max + 1; t += step) {
    ticks.push(t);
  }
  return ticks;
}
