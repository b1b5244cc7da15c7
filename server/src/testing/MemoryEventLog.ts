import type { IEventEnvelope, RunEvent } from '../contract/wire.js';
import type { IRunStore } from '../store/RunStore.js';

type EventLog = Pick<IRunStore, 'eventsSince' | 'headSeq'>;

const RUN_LIST_TYPES = new Set(['run.created', 'run.updated', 'run.deleted']);

/**
 * The event half of a run store, in memory, for tests and benchmarks:
 * `append` numbers an event (1, 2, ...) and keeps it; the caller publishes
 * the returned envelope, as with the real store.
 */
export class MemoryEventLog implements EventLog {
  /** envelopes[i].seq === i + 1 */
  private readonly envelopes: IEventEnvelope[] = [];

  append(event: RunEvent, runId: string | null): IEventEnvelope {
    const envelope: IEventEnvelope = {
      seq: this.envelopes.length + 1,
      runId,
      at: new Date().toISOString(),
      event
    };
    this.envelopes.push(envelope);
    return envelope;
  }

  eventsSince(
    after: number,
    channel: 'runs' | { runId: string },
    limit = Number.POSITIVE_INFINITY
  ): IEventEnvelope[] {
    const matches =
      channel === 'runs'
        ? (e: IEventEnvelope) => RUN_LIST_TYPES.has(e.event.type)
        : (e: IEventEnvelope) => e.runId === channel.runId;
    const found: IEventEnvelope[] = [];
    for (let i = Math.max(0, after); i < this.envelopes.length; i++) {
      const envelope = this.envelopes[i];
      if (found.length >= limit) {
        break;
      }
      if (matches(envelope)) {
        found.push(envelope);
      }
    }
    return found;
  }

  headSeq(): number {
    return this.envelopes.length;
  }
}
