import type { IRunSummary, RunEvent } from '../contract/wire.js';

/** A plausible run summary with the given id. */
export function runSummary(id: string): IRunSummary {
  return {
    id,
    name: `run ${id}`,
    title: `run ${id}`,
    notebookPath: null,
    status: 'queued',
    target: 'local',
    createdAt: '2025-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    reason: null,
    parameters: {},
    cache: true,
    resumedFrom: null,
    stepCounts: {}
  };
}

/** A `step.log` event of step `train` whose line is `line`. */
export function logEvent(
  runId: string,
  seq: number,
  line = `line ${seq}`
): RunEvent {
  const event: RunEvent = {
    type: 'step.log',
    runId,
    log: { step: 'train', seq, stream: 'stdout', line, at: '' }
  };
  return event;
}
