import type { IEventEnvelope } from '../contract/wire.js';

/**
 * Where services hand the events the store returned after a change. The
 * services know only this port; the composition root passes the EventBus,
 * which fans them out to the websocket hub and the CLI's progress view.
 */
export interface IEventSink {
  publish(envelopes: IEventEnvelope | readonly IEventEnvelope[]): void;
}
