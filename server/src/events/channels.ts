import type { Channel, IEventEnvelope } from '../contract/wire.js';
import type { IRunStore } from '../store/RunStore.js';

/** What the hub needs from the store: replay after a seq, and the head. */
export type IEventSource = Pick<IRunStore, 'eventsSince' | 'headSeq'>;

/** How `IRunStore.eventsSince` names a channel. */
export type StoreChannel = Parameters<IRunStore['eventsSince']>[1];

/** `runs`, `deployments`, or `run:` followed by 1..100 of `[A-Za-z0-9_-]`. */
export const CHANNEL_PATTERN =
  /^(?:runs|deployments|run:[A-Za-z0-9_-]{1,100})$/;

/** The events of the `runs` channel: changes to the run list. */
const RUN_LIST_EVENTS: ReadonlySet<string> = new Set([
  'run.created',
  'run.updated',
  'run.deleted'
]);

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && CHANNEL_PATTERN.test(value);
}

/** The run id of a `run:<id>` channel; undefined for `runs` and `deployments`. */
function runIdOf(channel: Channel): string | undefined {
  return channel.startsWith('run:') ? channel.slice('run:'.length) : undefined;
}

/** Which envelopes a channel carries (the same rule as the store's replay). */
export function channelFilter(
  channel: Channel
): (envelope: IEventEnvelope) => boolean {
  if (channel === 'deployments') {
    return envelope => envelope.event.type.startsWith('deployment.');
  }
  const runId = runIdOf(channel);
  if (runId === undefined) {
    return envelope => RUN_LIST_EVENTS.has(envelope.event.type);
  }
  return envelope => envelope.runId === runId;
}

export function storeChannel(channel: Channel): StoreChannel {
  if (channel === 'deployments') {
    return 'deployments';
  }
  const runId = runIdOf(channel);
  return runId === undefined ? 'runs' : { runId };
}
