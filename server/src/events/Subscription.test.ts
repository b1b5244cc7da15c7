import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, test } from 'node:test';

import type { Channel, IEventEnvelope } from '../contract/wire.js';
import { range } from '../testing/hubServer.js';
import { MemoryEventLog } from '../testing/MemoryEventLog.js';
import { logEvent } from '../testing/runEvents.js';
import { EventBus } from './EventBus.js';
import {
  PENDING_LIMIT,
  REPLAY_PAGE_SIZE,
  Subscription,
  type ISubscriptionSink
} from './Subscription.js';

/** A sink whose send buffer is "full" until the test calls release(). */
class ManualSink implements ISubscriptionSink {
  readonly seqs: number[] = [];
  subscribedSeq: number | undefined;
  congested = false;
  private waiters: Array<() => void> = [];

  sendEvent(_channel: Channel, envelope: IEventEnvelope): boolean {
    this.seqs.push(envelope.seq);
    return true;
  }

  sendSubscribed(_channel: Channel, seq: number): void {
    this.subscribedSeq = seq;
  }

  drained(): Promise<void> {
    return new Promise(resolve => this.waiters.push(resolve));
  }

  get waiting(): boolean {
    return this.waiters.length > 0;
  }

  release(): void {
    this.congested = false;
    this.waiters.splice(0).forEach(resolve => resolve());
  }
}

function setup() {
  const bus = new EventBus();
  const log = new MemoryEventLog();
  const sink = new ManualSink();
  const publish = (count: number, runId = 'r') => {
    for (let i = 0; i < count; i++) {
      bus.publish(log.append(logEvent(runId, i), runId));
    }
  };
  const subscription = new Subscription('run:r', { bus, events: log, sink });
  return { bus, log, sink, publish, subscription };
}

describe('Subscription replay', () => {
  test('live envelopes that overflow the held buffer during a replay are re-read from the store', async () => {
    const { bus, sink, publish, subscription } = setup();
    publish(REPLAY_PAGE_SIZE + 500);
    sink.congested = true;
    const done = subscription.startReplay(0);
    // The replay waits for the client's buffer before its first send.
    while (!sink.waiting) {
      await nextTurn();
    }
    publish(PENDING_LIMIT + 700);
    publish(50, 'other');
    sink.release();
    await done;
    const total = REPLAY_PAGE_SIZE + 500 + PENDING_LIMIT + 700;
    assert.deepEqual(sink.seqs, range(1, total));
    assert.equal(sink.subscribedSeq, total + 50);
    publish(3);
    assert.deepEqual(sink.seqs.slice(-3), range(total + 51, total + 53));
    subscription.close();
    assert.equal(bus.listenerCount, 0);
  });

  test('a replay closed while waiting for the client sends nothing more', async () => {
    const { bus, sink, publish, subscription } = setup();
    publish(10);
    sink.congested = true;
    const done = subscription.startReplay(0);
    while (!sink.waiting) {
      await nextTurn();
    }
    subscription.close();
    assert.equal(bus.listenerCount, 0);
    sink.release();
    await done;
    assert.deepEqual(sink.seqs, []);
    assert.equal(sink.subscribedSeq, undefined);
  });

  test('a since beyond the head replays nothing and delivers the next events', async () => {
    const { sink, publish, subscription } = setup();
    publish(5);
    await subscription.startReplay(1_000);
    assert.equal(sink.subscribedSeq, 5);
    publish(2);
    assert.deepEqual(sink.seqs, [6, 7]);
  });
});
