import type { RunStatus, StepStatus } from '../tokens';

/**
 * The one word for each run and step status, wherever it is shown (cell
 * chips, graph nodes, the panel, run tabs): the server's own status name.
 */
export const STATUS_LABEL: Readonly<Record<StepStatus | RunStatus, string>> = {
  pending: 'pending',
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cached: 'cached',
  skipped: 'skipped',
  cancelled: 'cancelled'
};

/** True while a run or step may still change. */
export function isActive(status: StepStatus | RunStatus | null): boolean {
  return status === 'pending' || status === 'queued' || status === 'running';
}
