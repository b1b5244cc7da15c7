import type { IEventSink } from '../store/EventSink.js';
import type { IRunRecord, StepStatus } from '../contract/wire.js';
import type { IReattachState } from './RunOrchestration.js';
import type { IRunStore, IStoredArtifact } from '../store/RunStore.js';

export const FINISHED_STEP: ReadonlySet<StepStatus> = new Set([
  'succeeded',
  'cached',
  'failed',
  'skipped',
  'cancelled'
]);

/** What a re-attached run starts from: the store's record of each step. */
export function reattachState(
  store: IRunStore,
  run: IRunRecord
): IReattachState {
  const settled = new Map<string, StepStatus>();
  const running = new Map<
    string,
    { linesSeen: number; startedAt: string | null }
  >();
  for (const step of run.steps) {
    if (FINISHED_STEP.has(step.status)) {
      settled.set(step.name, step.status);
    } else if (step.status === 'running' || step.status === 'queued') {
      const lines = store
        .getLogs(run.id, step.name, 0, Number.MAX_SAFE_INTEGER)
        .filter(l => l.stream !== 'system').length;
      running.set(step.name, { linesSeen: lines, startedAt: step.startedAt });
    }
  }
  const outputs = new Map<string, IStoredArtifact[]>();
  for (const artifact of store.listArtifacts(run.id)) {
    outputs.set(artifact.step, [
      ...(outputs.get(artifact.step) ?? []),
      artifact
    ]);
  }
  return { settled, outputs, running };
}

/** A run that cannot be carried on: what was in flight fails or is skipped, then the run fails. */
export function failInFlight(
  store: IRunStore,
  sink: IEventSink,
  id: string,
  reason: string,
  at: string
): void {
  for (const step of store.getRun(id)!.steps) {
    if (!FINISHED_STEP.has(step.status)) {
      const status = step.status === 'running' ? 'failed' : 'skipped';
      sink.publish(
        store.updateStep(id, step.name, { status, finishedAt: at, reason })
      );
    }
  }
  sink.publish(
    store.updateRun(id, { status: 'failed', finishedAt: at, reason })
  );
}
