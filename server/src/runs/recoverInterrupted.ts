import { readFileSync } from 'node:fs';

import type { Logger } from 'pino';

import type { EventBus } from '../events/EventBus.js';
import type { IRunStore } from './RunStore.js';

export const INTERRUPTED_REASON = 'server restarted';

/**
 * After a crash: runs that were in flight are failed ("server restarted")
 * so they can be resumed, and step processes the dead server left behind
 * are stopped. A pid is only signalled when it still runs a step program,
 * since the kernel may have given the number to another process.
 */
export function recoverInterrupted(
  store: IRunStore,
  bus: EventBus,
  logger: Logger
): void {
  const { events, pids } = store.interruptInFlight(INTERRUPTED_REASON);
  bus.publish(events);
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
}

function isStepProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('_program.py');
  } catch {
    return false;
  }
}
