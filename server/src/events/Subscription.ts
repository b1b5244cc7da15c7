import { setImmediate as nextTurn } from 'node:timers/promises';

import type { Channel, IEventEnvelope } from '../contract/wire.js';
import { channelFilter, storeChannel, type IEventSource } from './channels.js';
import type { EventBus } from './EventBus.js';

/** Envelopes read from the store per replay query. */
export const REPLAY_PAGE_SIZE = 1000;

/**
 * Live envelopes held while a replay runs. Past this the held ones are
 * dropped and the store is read again instead: they are all stored (the
 * store commits before the bus publishes), so memory stays bounded.
 */
export const PENDING_LIMIT = 1000;

/** Where a subscription's messages go: its client connection. */
export interface ISubscriptionSink {
  /** Sends one event; false when the client is gone or was just dropped. */
  sendEvent(channel: Channel, envelope: IEventEnvelope): boolean;
  sendSubscribed(channel: Channel, seq: number): void;
  /** True when the client's send buffer is too full to add a replay to it. */
  readonly congested: boolean;
  /** Resolves once the send buffer has room again, or the client is gone. */
  drained(): Promise<void>;
}

export interface ISubscriptionDeps {
  bus: EventBus;
  events: IEventSource;
  sink: ISubscriptionSink;
}

/**
 * One client's interest in one channel. Delivers every envelope of the
 * channel with `seq > since` exactly once and in seq order: stored ones first
 * (replay, paced by the client's send buffer), then live ones from the bus.
 *
 * No gap, no duplicate: the bus listener is registered BEFORE the store is
 * read, live envelopes are held until the replay is done, and nothing with
 * `seq <= lastSent` is ever sent. `subscribed` is sent AFTER the replay, with
 * the seq the client is caught up to: resuming from it misses nothing.
 *
 * Assumes what IRunStore promises: an envelope is stored before it is
 * published, and the bus publishes in seq order.
 */
export class Subscription {
  private readonly matches: (envelope: IEventEnvelope) => boolean;
  private unlisten: (() => void) | undefined;
  /** The newest seq sent (or skipped as already known by the client). */
  private lastSent = 0;
  /** Live envelopes held during the replay; undefined once live. */
  private pending: IEventEnvelope[] | undefined;
  /** Whether `pending` overflowed (and was emptied) since the last read. */
  private overflowed = false;
  private closed = false;

  constructor(
    readonly channel: Channel,
    private readonly deps: ISubscriptionDeps
  ) {
    this.matches = channelFilter(channel);
  }

  /** Live only: envelopes published from now on; `subscribed` first. */
  startLive(): void {
    this.lastSent = this.deps.events.headSeq();
    this.unlisten = this.deps.bus.subscribe(this.onEnvelope);
    this.deps.sink.sendSubscribed(this.channel, this.lastSent);
  }

  /**
   * Stored envelopes after `since`, then `subscribed`, then live ones. A
   * `since` beyond the store's head (a seq from an older database) counts
   * as the head, so such a client does not wait for seqs to catch up.
   */
  async startReplay(since: number): Promise<void> {
    this.lastSent = Math.min(since, this.deps.events.headSeq());
    this.pending = [];
    this.unlisten = this.deps.bus.subscribe(this.onEnvelope);
    if (await this.replayStored()) {
      this.goLive();
    }
  }

  /** Stops delivery and removes the bus listener; idempotent. */
  close(): void {
    this.closed = true;
    this.pending = undefined;
    this.unlisten?.();
    this.unlisten = undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private readonly onEnvelope = (envelope: IEventEnvelope): void => {
    if (this.closed || !this.matches(envelope)) {
      return;
    }
    if (this.pending === undefined) {
      this.deliver(envelope);
      return;
    }
    if (this.pending.length >= PENDING_LIMIT) {
      this.pending = [];
      this.overflowed = true;
    }
    this.pending.push(envelope);
  };

  /**
   * Sends stored envelopes after `lastSent` until a read returns less than
   * a page with nothing lost from `pending` since; false if closed meanwhile.
   */
  private async replayStored(): Promise<boolean> {
    const channel = storeChannel(this.channel);
    for (;;) {
      this.overflowed = false;
      const page = this.deps.events.eventsSince(
        this.lastSent,
        channel,
        REPLAY_PAGE_SIZE
      );
      for (const envelope of page) {
        if (this.deps.sink.congested) {
          await this.deps.sink.drained();
        }
        if (this.closed || !this.deliver(envelope)) {
          return false;
        }
      }
      if (page.length < REPLAY_PAGE_SIZE && !this.overflowed) {
        return !this.closed;
      }
      await nextTurn(); // Other clients' work between pages.
      if (this.closed) {
        return false;
      }
    }
  }

  /** Sends what arrived during the replay, then `subscribed`; now live. */
  private goLive(): void {
    const held = this.pending ?? [];
    this.pending = undefined;
    for (const envelope of held) {
      if (!this.deliver(envelope)) {
        return;
      }
    }
    const seq = Math.max(this.lastSent, this.deps.events.headSeq());
    this.deps.sink.sendSubscribed(this.channel, seq);
  }

  /** Sends unless already sent; false when the client is gone. */
  private deliver(envelope: IEventEnvelope): boolean {
    if (envelope.seq <= this.lastSent) {
      return true;
    }
    if (!this.deps.sink.sendEvent(this.channel, envelope)) {
      return false;
    }
    this.lastSent = envelope.seq;
    return true;
  }
}
