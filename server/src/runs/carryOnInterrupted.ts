import type { Logger } from 'pino';

import type { IEventSink } from '../store/EventSink.js';
import type { IExecutor } from '../executors/Executor.js';
import type { IRunStore } from '../store/RunStore.js';
import { recoverInterrupted } from './recoverInterrupted.js';
import type { RunService } from './RunService.js';

/**
 * Runs a crashed server left behind: failed, or carried on when their
 * executor re-attaches (their steps live on in a cluster).
 */
export function carryOnInterrupted(
  store: IRunStore,
  bus: IEventSink,
  runs: RunService,
  executors: ReadonlyMap<string, IExecutor>,
  logger: Logger
): void {
  const reattaching = [...executors.values()].filter(e => e.reattaches);
  const kept = recoverInterrupted(
    store,
    bus,
    logger,
    new Set(reattaching.map(e => e.name))
  );
  for (const id of kept) {
    runs
      .reattach(id)
      .catch((err: unknown) =>
        logger.error({ err, run: id }, 'could not re-attach to a run')
      );
  }
}
