import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  setImmediate as nextTurn,
  setTimeout as sleep
} from 'node:timers/promises';

import {
  nextEvents,
  range,
  startHubServer,
  subscribe,
  untilSubscribed,
  type IHubServer
} from '../testing/hubServer.js';
import { logEvent } from '../testing/runEvents.js';
import { closed } from '../testing/sockets.js';

const LIMIT = 64 * 1024;
/** About 1 KiB per event frame. */
const LINE = 'x'.repeat(1000);

describe('WsHub slow consumers', () => {
  let ctx: IHubServer;
  beforeEach(
    async () => (ctx = await startHubServer({ maxBufferedBytes: LIMIT }))
  );
  afterEach(() => ctx.stop());

  const dropLogged = () =>
    ctx.logLines.find(l => l.msg === 'dropping slow websocket client');

  test('a client that stops reading is closed with 1013 once past the limit; server memory stays bounded; others get everything', async t => {
    const slow = await ctx.connect();
    const healthy = await ctx.connect();
    await subscribe(slow, 'run:r');
    await subscribe(healthy, 'run:r');
    slow.ws.pause(); // Stops reading: the kernel buffers fill, then ours.
    const slowClosed = closed(slow.ws, 5000);

    let published = 0;
    let maxBuffered = 0;
    while (!dropLogged()) {
      assert.ok(published < 200_000, 'the slow client was never dropped');
      for (let i = 0; i < 16; i++) {
        ctx.publish(logEvent('r', ++published, LINE), 'r');
      }
      maxBuffered = Math.max(maxBuffered, ctx.hub.bufferedBytes);
      await nextTurn();
    }
    slow.ws.resume(); // Reads the backlog, then the close frame.
    t.diagnostic(`dropped after ${published} events; held ≤ ${maxBuffered} B`);
    assert.equal(ctx.bus.listenerCount, 1, 'only the healthy listener left');
    assert.deepEqual(await slowClosed, {
      code: 1013,
      reason: 'try again later'
    });
    // Never more than the limit (plus a frame and one batch) held for both.
    assert.ok(maxBuffered <= LIMIT + LIMIT / 4 + 4096, `held ${maxBuffered}`);
    assert.ok(published * LINE.length > 2 * LIMIT, 'the limit was reached');
    const warning = dropLogged()!;
    assert.equal(warning.level, 40);
    assert.equal(warning.maxBufferedBytes, LIMIT);

    range(1, 10).forEach(i => ctx.publish(logEvent('r', i), 'r'));
    const got = await nextEvents(healthy.messages, published + 10, 'run:r');
    assert.deepEqual(
      got.map(e => e.seq),
      range(1, published + 10)
    );
    assert.equal(ctx.hub.clientCount, 1);
  });

  test('a client that does not read during a replay is waited for, not dropped, and gets everything', async () => {
    const EVENTS = 3000; // ~3 MiB: far more than the limit.
    range(1, EVENTS).forEach(i => ctx.publish(logEvent('r', i, LINE), 'r'));
    const client = await ctx.connect();
    client.ws.pause();
    client.ws.send(
      JSON.stringify({ type: 'subscribe', channel: 'run:r', since: 0 })
    );
    let maxBuffered = 0;
    for (let i = 0; i < 40; i++) {
      await sleep(5);
      maxBuffered = Math.max(maxBuffered, ctx.hub.bufferedBytes);
    }
    assert.ok(maxBuffered <= LIMIT / 2 + 4096, `held ${maxBuffered}`);
    assert.equal(dropLogged(), undefined);
    client.ws.resume();
    const { replayed, seq } = await untilSubscribed(client.messages, 'run:r');
    assert.deepEqual(
      replayed.map(e => e.seq),
      range(1, EVENTS)
    );
    assert.equal(seq, EVENTS);
  });
});
