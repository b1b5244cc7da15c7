import { readFileSync } from 'node:fs';

import type { Logger } from 'pino';

import type { IEventSink } from '../store/EventSink.js';
import type { IRunStore } from '../store/RunStore.js';

export const INTERRUPTED_REASON = 'server restarted';

/**
 * After a crash: runs that were in flight are failed ("server restarted")
 * so they can be resumed, and step processes the dead server left behind
 * are stopped. A pid is only signalled when it still runs a step program,
 * since the kernel may have given the number to another process. Runs on
 * `reattachTargets` (their steps live on in a cluster) are returned instead,
 * for the RunService to carry on.
 */
export function recoverInterrupted(
  store: IRunStore,
  sink: IEventSink,
  logger: Logger,
  reattachTargets: ReadonlySet<string> = new Set()
): string[] {
  const { events, pids, kept } = store.interruptInFlight(
    INTERRUPTED_REASON,
    reattachTargets
  );
  sink.publish(events);
  for (const { pid, runId, step } of pids) {
    if (isStepProcess(pid)) {
      try {
        process.kill(-pid, 'SIGKILL');
        logger.warn(
          { pid, runId, step },
          'stopped a step process left by a previous server'
        );
      } catch {
        // gone meanwhile
      }
    }
  }
  if (events.length > 0) {
    logger.warn(
      { events: events.length },
      'marked runs interrupted by a restart as failed'
    );
  }
  return kept;
}

function isStepProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('_program.py');
  } catch {
    return false;
  }
}
