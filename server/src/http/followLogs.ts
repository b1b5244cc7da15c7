import type { ServerResponse } from 'node:http';

import type { IEventEnvelope, ILogLine, StepStatus } from '../contract/wire.js';
import type { IRunRoutesDeps } from './runRoutes.js';

const PAGE = 5000;
const ENDED: ReadonlySet<StepStatus> = new Set([
  'succeeded',
  'failed',
  'cached',
  'skipped',
  'cancelled'
]);

/**
 * Streams a step's log as NDJSON (one ILogLine per line): what is stored
 * after `after`, then new lines as they arrive, until the step ends or the
 * client goes away. Subscribing before reading the store means no line
 * falls between the two; `seq` removes the overlap.
 */
export function followLogs(
  deps: Pick<IRunRoutesDeps, 'store' | 'bus'>,
  runId: string,
  step: string,
  after: number,
  res: ServerResponse
): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/x-ndjson');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  let last = after;
  let ended = false;
  let live: ILogLine[] | null = [];
  const write = (line: ILogLine) => {
    if (line.seq > last) {
      last = line.seq;
      res.write(`${JSON.stringify(line)}\n`);
    }
  };
  const finish = () => {
    ended = true;
    unsubscribe();
    res.end();
  };
  const unsubscribe = deps.bus.subscribe((envelope: IEventEnvelope) => {
    const e = envelope.event;
    if (e.type === 'step.log' && e.runId === runId && e.log.step === step) {
      if (live) {
        live.push(e.log);
      } else {
        write(e.log);
      }
    } else if (
      e.type === 'step.updated' &&
      e.runId === runId &&
      e.step.name === step &&
      ENDED.has(e.step.status) &&
      !live
    ) {
      finish();
    } else if (e.type === 'run.deleted' && e.runId === runId) {
      finish();
    }
  });
  res.on('close', () => !ended && unsubscribe());
  // The backlog in pages, so a huge log is never all in memory at once.
  for (
    let page = deps.store.getLogs(runId, step, after, PAGE);
    page.length > 0;
    page = deps.store.getLogs(runId, step, last, PAGE)
  ) {
    page.forEach(write);
    if (page.length < PAGE) {
      break;
    }
  }
  const buffered = live;
  live = null;
  buffered.forEach(write);
  const current = deps.store
    .getRun(runId)
    ?.steps.find(s => s.name === step)?.status;
  if (!current || ENDED.has(current)) {
    finish();
  }
}
