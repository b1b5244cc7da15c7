import type { IRunSummary } from '../tokens';
import { isActive, STATUS_LABEL } from '../ui/statusText';

/** Steps that finished one way or another (cached and skipped ones too), of all. */
export function stepProgress(counts: IRunSummary['stepCounts']): {
  done: number;
  total: number;
} {
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  const open =
    (counts.pending ?? 0) + (counts.queued ?? 0) + (counts.running ?? 0);
  return { done: total - open, total };
}

/** `iris · lr=0.2 · 3 of 5 done` while it runs, `iris · lr=0.2 (succeeded)` after. */
export function runTabTitle(record: IRunSummary): string {
  const { done, total } = stepProgress(record.stepCounts);
  return isActive(record.status)
    ? `${record.title} · ${done} of ${total} done`
    : `${record.title} (${STATUS_LABEL[record.status]})`;
}
