import type { RunStatus, StepStatus } from '../api/wire';

/** Status words as shown beside a step or run. */
export const STATUS_LABEL: Record<StepStatus | RunStatus, string> = {
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
