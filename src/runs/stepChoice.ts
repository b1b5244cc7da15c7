import { stepsInOrder } from '../graph/buildGraph';
import type { IRunRecord } from '../tokens';

/** The tab an arrow, Home or End key goes to (wrapping), or null for other keys. */
export function nextIndex(
  from: number,
  key: string,
  count: number
): number | null {
  if (count === 0) {
    return null;
  }
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (from + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (from - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** The step to show first: a failed one, else a running one, else the first. */
export function initialStep(run: IRunRecord): string | null {
  const steps = stepsInOrder(run);
  return (
    steps.find(s => s.status === 'failed')?.name ??
    steps.find(s => s.status === 'running')?.name ??
    steps[0]?.name ??
    null
  );
}
