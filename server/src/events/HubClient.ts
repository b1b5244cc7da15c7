import type { Duplex } from 'node:stream';

import type { Logger } from 'pino';
import type { WebSocket } from 'ws';

import type {
  Channel,
  IEventEnvelope,
  ServerMessage
} from '../contract/wire.js';
import type { IEventSource } from './channels.js';
import { closeSocket } from './closeSocket.js';
import type { EventBus } from './EventBus.js';
import { Subscription, type ISubscriptionSink } from './Subscription.js';

/** Close code for a client dropped for reading too slowly ("try again later"). */
export const CLOSE_TRY_AGAIN_LATER = 1013;

/** Channels one connection may follow at once (each is a bus listener). */
export const MAX_SUBSCRIPTIONS = 256;

/** Bytes of frames held for one batched write before writing them anyway. */
const MAX_BATCH_BYTES = 64 * 1024;

export interface IHubClientOptions {
  bus: EventBus;
  events: IEventSource;
  /** A send finding more than this many bytes unsent drops the client. */
  maxBufferedBytes: number;
  logger: Logger;
}

/**
 * One websocket connection's subscriptions and its guarded send path: the
 * server never holds more than `maxBufferedBytes` (plus one message) for a
 * client; one that falls further behind is closed with 1013 and forgotten.
 *
 * Frames sent in one turn of the event loop go out in one write (the socket
 * is corked until setImmediate, or until MAX_BATCH_BYTES are held): a fan-out
 * costs a system call per client per turn, not per client per event.
 */
export class HubClient implements ISubscriptionSink {
  private readonly subscriptions = new Map<Channel, Subscription>();
  private drainWaiters: Array<() => void> = [];
  private dropped = false;
  /** Bytes sent into the corked socket this turn; undefined when uncorked. */
  private batchBytes: number | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
    private readonly options: IHubClientOptions
  ) {
    ws.once('close', () => this.dispose());
  }

  /** Starts (or restarts, replacing the previous one) a subscription. */
  subscribe(channel: Channel, since: number | undefined): void {
    this.unsubscribe(channel);
    if (this.dropped) {
      return;
    }
    if (this.subscriptions.size >= MAX_SUBSCRIPTIONS) {
      this.send({
        type: 'error',
        kind: 'too_many_subscriptions',
        message: `at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`
      });
      return;
    }
    const { bus, events } = this.options;
    const subscription = new Subscription(channel, { bus, events, sink: this });
    this.subscriptions.set(channel, subscription);
    if (since === undefined) {
      subscription.startLive();
      return;
    }
    subscription
      .startReplay(since)
      .catch((err: unknown) => this.replayFailed(subscription, err));
  }

  unsubscribe(channel: Channel): void {
    this.subscriptions.get(channel)?.close();
    this.subscriptions.delete(channel);
  }

  /** Ends every subscription (removing its bus listener). */
  dispose(): void {
    for (const subscription of this.subscriptions.values()) {
      subscription.close();
    }
    this.subscriptions.clear();
    this.releaseDrainWaiters();
  }

  /** Sends a control message; false when the client is gone. */
  send(message: ServerMessage): boolean {
    return this.sendData(JSON.stringify(message));
  }

  sendEvent(channel: Channel, envelope: IEventEnvelope): boolean {
    return this.sendData(eventFrame(channel, envelope));
  }

  sendSubscribed(channel: Channel, seq: number): void {
    this.send({ type: 'subscribed', channel, seq });
  }

  get congested(): boolean {
    return this.ws.bufferedAmount > this.options.maxBufferedBytes / 2;
  }

  drained(): Promise<void> {
    if (!this.isOpen || !this.congested) {
      return Promise.resolve();
    }
    return new Promise(resolve => this.drainWaiters.push(resolve));
  }

  private get isOpen(): boolean {
    return !this.dropped && this.ws.readyState === this.ws.OPEN;
  }

  private sendData(data: string | Buffer): boolean {
    if (!this.isOpen) {
      return false;
    }
    if (this.ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.drop();
      return false;
    }
    this.batch(Buffer.byteLength(data));
    this.ws.send(data, { binary: false }, this.onFlushed);
    return true;
  }

  /** Corks the socket for the rest of this turn; flushes a full batch now. */
  private batch(bytes: number): void {
    if (this.batchBytes === undefined) {
      this.batchBytes = 0;
      this.socket.cork();
      setImmediate(this.endBatch);
    } else if (this.batchBytes + bytes > this.batchLimit) {
      this.socket.uncork();
      this.batchBytes = 0;
      this.socket.cork();
    }
    this.batchBytes += bytes;
  }

  private get batchLimit(): number {
    return Math.min(MAX_BATCH_BYTES, this.options.maxBufferedBytes / 4);
  }

  private readonly endBatch = (): void => {
    this.batchBytes = undefined;
    this.socket.uncork();
  };

  /** Called by ws as each frame reaches the kernel (or fails to). */
  private readonly onFlushed = (): void => {
    const lowWater = this.options.maxBufferedBytes / 4;
    if (this.drainWaiters.length > 0 && this.ws.bufferedAmount <= lowWater) {
      this.releaseDrainWaiters();
    }
  };

  private releaseDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    waiters.forEach(resolve => resolve());
  }

  private drop(): void {
    this.dropped = true;
    const { maxBufferedBytes, logger } = this.options;
    logger.warn(
      { bufferedAmount: this.ws.bufferedAmount, maxBufferedBytes },
      'dropping slow websocket client'
    );
    this.dispose();
    void closeSocket(this.ws, CLOSE_TRY_AGAIN_LATER, 'try again later');
  }

  private replayFailed(subscription: Subscription, err: unknown): void {
    const { channel } = subscription;
    this.options.logger.error({ err, channel }, 'websocket replay failed');
    if (this.subscriptions.get(channel) === subscription) {
      this.unsubscribe(channel);
    }
    this.send({
      type: 'error',
      kind: 'internal',
      message: `could not replay the events of ${channel}`
    });
  }
}

/** Frames by envelope and channel: a fan-out serializes each envelope once. */
const frames = new WeakMap<IEventEnvelope, Map<Channel, Buffer>>();

/** `{"type":"event","channel":…,"envelope":…}` as UTF-8, cached. */
function eventFrame(channel: Channel, envelope: IEventEnvelope): Buffer {
  let byChannel = frames.get(envelope);
  if (byChannel === undefined) {
    byChannel = new Map();
    frames.set(envelope, byChannel);
  }
  let frame = byChannel.get(channel);
  if (frame === undefined) {
    const message: ServerMessage = { type: 'event', channel, envelope };
    frame = Buffer.from(JSON.stringify(message), 'utf8');
    byChannel.set(channel, frame);
  }
  return frame;
}
