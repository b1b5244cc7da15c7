import type { IStepJob, IStepOutcome, StepUpdate } from '../Executor.js';
import { cancelled, failed } from '../stepOutcomes.js';
import type { IClusterCalls } from './ClusterCalls.js';

/**
 * Creates a step's ConfigMap and Job, retrying with backoff while the API
 * server is unreachable or busy, for up to `graceMs`. Null when submitted;
 * an outcome when it could not be (or the step was cancelled meanwhile).
 */
export async function* submitPatiently(
  calls: IClusterCalls,
  job: IStepJob,
  signal: AbortSignal,
  graceMs: number
): AsyncGenerator<StepUpdate, IStepOutcome | null> {
  const deadline = Date.now() + graceMs;
  let said = false;
  for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
    if (signal.aborted) {
      return cancelled('cancelled before it started');
    }
    const result = await calls.submitStep(job, signal);
    if (result.ok) {
      return null; // a cancel from here on is the follower's: it deletes the Job
    }
    if (signal.aborted) {
      return cancelled('cancelled before it started');
    }
    if (!result.failure.unreachable || Date.now() + wait > deadline) {
      return failed(
        `could not create the Job: ${result.failure.message}`,
        'kubernetes'
      );
    }
    if (!said) {
      said = true;
      const line = `cellpipe: waiting for the cluster: ${result.failure.message}`;
      yield { type: 'line', line: { type: 'log', stream: 'stderr', line } };
    }
    await sleep(wait, signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
