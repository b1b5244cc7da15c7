import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  eventually,
  nextEvents,
  noMessageFor,
  range,
  startHubServer,
  subscribe,
  type IHubServer
} from '../testing/hubServer.js';
import { logEvent } from '../testing/runEvents.js';
import { closed } from '../testing/sockets.js';

describe('WsHub replay with since', () => {
  let ctx: IHubServer;
  beforeEach(async () => (ctx = await startHubServer()));
  afterEach(() => ctx.stop());

  test('a client reconnecting with since = its last seq gets exactly the missed events, then live ones', async () => {
    const first = await ctx.connect();
    await subscribe(first, 'run:r');
    range(1, 5).forEach(i => ctx.publish(logEvent('r', i), 'r'));
    const seen = await nextEvents(first.messages, 5);
    const lastSeq = seen[seen.length - 1].seq;
    first.ws.close();
    await closed(first.ws);
    await eventually(() => ctx.bus.listenerCount === 0);
    range(6, 12).forEach(i => ctx.publish(logEvent('r', i), 'r'));
    ctx.publish(logEvent('other', 1), 'other');

    const again = await ctx.connect();
    const { replayed, seq } = await subscribe(again, 'run:r', lastSeq);
    assert.deepEqual(
      replayed.map(e => e.seq),
      range(6, 12)
    );
    assert.equal(seq, 13, 'caught up to the head');
    ctx.publish(logEvent('r', 13), 'r');
    const live = await nextEvents(again.messages, 1);
    assert.equal(live[0].seq, 14);
    await noMessageFor(again.messages, 50);
  });

  test('subscribing with since while events are published continuously: no gap, no duplicate', async () => {
    range(1, 2500).forEach(i => ctx.publish(logEvent('r', i), 'r'));
    let publishing = true;
    const publisher = (async () => {
      for (let burst = 0; publishing; burst++) {
        // Bursts up to past the held-envelope limit, other runs mixed in.
        const size = burst % 7 === 3 ? 1200 : 1 + (burst % 13);
        range(1, size).forEach(i => ctx.publish(logEvent('r', i), 'r'));
        ctx.publish(logEvent('x', burst), 'x');
        await sleep(0);
      }
    })();
    const sinces = [0, 100, 1999, 2500];
    const clients = await Promise.all(sinces.map(() => ctx.connect()));
    const subscriptions = clients.map((client, i) =>
      subscribe(client, 'run:r', sinces[i])
    );
    const results = await Promise.all(subscriptions);
    await sleep(50);
    publishing = false;
    await publisher;
    const head = ctx.log.headSeq();
    const expected = ctx.log.eventsSince(0, { runId: 'r' }).map(e => e.seq);
    for (const [i, client] of clients.entries()) {
      const { replayed, seq } = results[i];
      assert.ok(seq >= (replayed.at(-1)?.seq ?? 0));
      const liveCount = expected.filter(s => s > seq).length;
      const live = await nextEvents(client.messages, liveCount, 'run:r');
      const got = [...replayed, ...live].map(e => e.seq);
      assert.deepEqual(
        got,
        expected.filter(s => s > sinces[i]),
        `client since ${sinces[i]}`
      );
      assert.ok(got.at(-1)! <= head);
      await noMessageFor(client.messages, 20);
    }
  });

  test('subscribing twice to a channel replaces the first subscription', async () => {
    const client = await ctx.connect();
    await subscribe(client, 'run:r');
    range(1, 3).forEach(i => ctx.publish(logEvent('r', i), 'r'));
    await nextEvents(client.messages, 3);
    const { replayed } = await subscribe(client, 'run:r', 1);
    assert.deepEqual(
      replayed.map(e => e.seq),
      [2, 3]
    );
    assert.equal(ctx.bus.listenerCount, 1);
    ctx.publish(logEvent('r', 4), 'r');
    assert.deepEqual(
      (await nextEvents(client.messages, 1)).map(e => e.seq),
      [4]
    );
    await noMessageFor(client.messages, 50);
  });

  test('a failing replay reports an internal error; the socket stays usable', async () => {
    await ctx.stop();
    ctx = await startHubServer({
      events: {
        headSeq: () => 5,
        eventsSince: () => {
          throw new Error('disk on fire');
        }
      }
    });
    const client = await ctx.connect();
    client.ws.send(
      JSON.stringify({ type: 'subscribe', channel: 'runs', since: 1 })
    );
    assert.deepEqual(await client.messages.next(), {
      type: 'error',
      kind: 'internal',
      message: 'could not replay the events of runs'
    });
    assert.equal(ctx.bus.listenerCount, 0);
    assert.ok(ctx.logLines.some(l => l.msg === 'websocket replay failed'));
    assert.deepEqual(await subscribe(client, 'runs'), { replayed: [], seq: 5 });
  });
});
