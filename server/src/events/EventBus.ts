import type { IEventEnvelope } from '../contract/wire.js';

export type EventListener = (envelope: IEventEnvelope) => void;

/**
 * In-process fan-out of stored events, in sequence order. Publishers publish
 * what the store returned; listeners (the websocket hub, the CLI's progress
 * view) must not throw and must not block.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private lastSeq = 0;

  /** Subscribes; returns the function that unsubscribes. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(envelopes: IEventEnvelope | readonly IEventEnvelope[]): void {
    for (const envelope of isList(envelopes) ? envelopes : [envelopes]) {
      this.lastSeq = Math.max(this.lastSeq, envelope.seq);
      for (const listener of this.listeners) {
        listener(envelope);
      }
    }
  }

  /** The newest sequence number published so far. */
  get seq(): number {
    return this.lastSeq;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

/** Array.isArray narrows a readonly array to any[]; this keeps the type. */
function isList(
  envelopes: IEventEnvelope | readonly IEventEnvelope[]
): envelopes is readonly IEventEnvelope[] {
  return Array.isArray(envelopes);
}
