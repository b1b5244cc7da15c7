import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import type { RunEvent, ServerMessage } from '../contract/wire.js';
import {
  eventually,
  nextEvents,
  noMessageFor,
  openCollector,
  range,
  startHubServer,
  subscribe,
  type IHubServer
} from '../testing/hubServer.js';
import { logEvent, runSummary } from '../testing/runEvents.js';
import { openSocket } from '../testing/sockets.js';
import { MAX_SUBSCRIPTIONS } from './HubClient.js';

const created = (id: string): RunEvent => ({
  type: 'run.created',
  run: runSummary(id)
});

describe('WsHub subscriptions', () => {
  let ctx: IHubServer;
  beforeEach(async () => (ctx = await startHubServer()));
  afterEach(() => ctx.stop());

  test('hello carries the head seq of the event store', async () => {
    ctx.publish(logEvent('a', 1), 'a');
    ctx.publish(logEvent('a', 2), 'a');
    const { messages } = await openSocket(ctx.url);
    assert.deepEqual(await messages.next(), {
      type: 'hello',
      version: 'test',
      apiVersion: 1,
      seq: 2
    });
  });

  test('a live subscriber gets its run channel only, in order, after subscribed with the head seq', async () => {
    ctx.publish(logEvent('a', 0), 'a');
    const a = await ctx.connect();
    const b = await ctx.connect();
    assert.deepEqual(await subscribe(a, 'run:a'), { replayed: [], seq: 1 });
    assert.deepEqual(await subscribe(b, 'run:b'), { replayed: [], seq: 1 });
    for (let i = 1; i <= 10; i++) {
      ctx.publish(logEvent('a', i), 'a');
      ctx.publish(logEvent('b', i), 'b');
    }
    const gotA = await nextEvents(a.messages, 10, 'run:a');
    const gotB = await nextEvents(b.messages, 10, 'run:b');
    assert.deepEqual(
      gotA.map(e => e.seq),
      range(1, 10).map(i => 2 * i)
    );
    assert.ok(gotA.every(e => e.runId === 'a'));
    assert.deepEqual(
      gotB.map(e => e.seq),
      range(1, 10).map(i => 2 * i + 1)
    );
    await noMessageFor(a.messages, 50);
  });

  test('the runs channel gets run.created/updated/deleted and nothing else', async () => {
    const client = await ctx.connect();
    await subscribe(client, 'runs');
    ctx.publish(created('a'), 'a');
    ctx.publish(logEvent('a', 1), 'a');
    ctx.publish({ type: 'run.updated', run: runSummary('a') }, 'a');
    ctx.publish(logEvent('b', 1), 'b');
    ctx.publish({ type: 'run.deleted', runId: 'a' }, 'a');
    const got = await nextEvents(client.messages, 3, 'runs');
    assert.deepEqual(
      got.map(e => [e.seq, e.event.type]),
      [
        [1, 'run.created'],
        [3, 'run.updated'],
        [5, 'run.deleted']
      ]
    );
    await noMessageFor(client.messages, 50);
  });

  test('with several subscriptions an envelope comes once per matching channel', async () => {
    const client = await ctx.connect();
    await subscribe(client, 'runs');
    await subscribe(client, 'run:a');
    ctx.publish(created('a'), 'a');
    ctx.publish(logEvent('a', 1), 'a');
    const got: Array<Extract<ServerMessage, { type: 'event' }>> = [];
    for (let i = 0; i < 3; i++) {
      got.push((await client.messages.next()) as (typeof got)[number]);
    }
    assert.deepEqual(got.map(m => [m.channel, m.envelope.seq]).sort(), [
      ['run:a', 1],
      ['run:a', 2],
      ['runs', 1]
    ]);
    await noMessageFor(client.messages, 50);
  });

  test('200 concurrent clients on one run all get each of 1,000 events in order', async () => {
    const CLIENTS = 200;
    const EVENTS = 1000;
    const clients = await Promise.all(
      range(1, CLIENTS).map(() => openCollector(ctx.url, 'run:r', EVENTS))
    );
    assert.equal(ctx.bus.listenerCount, CLIENTS);
    for (let i = 1; i <= EVENTS; i++) {
      ctx.publish(logEvent('r', i), 'r');
      ctx.publish(logEvent('other', i), 'other');
      if (i % 50 === 0) {
        await sleep(0); // Let clients read, as a real publisher would.
      }
    }
    const expected = range(1, EVENTS).map(i => 2 * i - 1);
    for (const { ws, seqs } of clients) {
      assert.deepEqual(await seqs, expected);
      ws.terminate();
    }
    await eventually(() => ctx.bus.listenerCount === 0);
  });

  test('unsubscribe stops delivery and removes the listener', async () => {
    const client = await ctx.connect();
    await subscribe(client, 'run:r');
    await subscribe(client, 'runs');
    client.ws.send(JSON.stringify({ type: 'unsubscribe', channel: 'run:r' }));
    // Unsubscribing from a channel not subscribed to is a no-op.
    client.ws.send(JSON.stringify({ type: 'unsubscribe', channel: 'run:q' }));
    client.ws.send(JSON.stringify({ type: 'ping', id: 'sync' }));
    assert.deepEqual(await client.messages.next(), {
      type: 'pong',
      id: 'sync'
    });
    assert.equal(ctx.bus.listenerCount, 1);
    ctx.publish(logEvent('r', 1), 'r');
    ctx.publish(created('r'), 'r');
    const got = await nextEvents(client.messages, 1, 'runs');
    assert.equal(got[0].seq, 2);
    await noMessageFor(client.messages, 50);
  });

  test('invalid subscribe messages get invalid_message and the socket stays usable', async () => {
    const client = await ctx.connect();
    const bad = [
      { type: 'subscribe' },
      { type: 'subscribe', channel: 'run:' },
      { type: 'subscribe', channel: 'run:a b' },
      { type: 'subscribe', channel: `run:${'x'.repeat(101)}` },
      { type: 'subscribe', channel: 'all' },
      { type: 'subscribe', channel: 'runs', since: -1 },
      { type: 'subscribe', channel: 'runs', since: 'x' },
      { type: 'unsubscribe', channel: 7 }
    ];
    for (const message of bad) {
      client.ws.send(JSON.stringify(message));
      const reply = (await client.messages.next()) as ServerMessage;
      assert.equal(reply.type, 'error', JSON.stringify(message));
      assert.equal(
        (reply as { kind: string }).kind,
        'invalid_message',
        JSON.stringify(message)
      );
    }
    assert.equal(ctx.bus.listenerCount, 0);
    assert.deepEqual(await subscribe(client, 'run:ok'), {
      replayed: [],
      seq: 0
    });
  });

  test('a connection may hold at most MAX_SUBSCRIPTIONS subscriptions', async () => {
    const client = await ctx.connect();
    for (let i = 0; i < MAX_SUBSCRIPTIONS; i++) {
      await subscribe(client, `run:r${i}`);
    }
    // Resubscribing to a held channel replaces it and is still allowed.
    await subscribe(client, 'run:r0', 0);
    client.ws.send(JSON.stringify({ type: 'subscribe', channel: 'runs' }));
    assert.deepEqual(await client.messages.next(), {
      type: 'error',
      kind: 'too_many_subscriptions',
      message: `at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`
    });
    assert.equal(ctx.bus.listenerCount, MAX_SUBSCRIPTIONS);
  });

  test('bus listeners are removed when clients close or are terminated, mid-replay too', async () => {
    range(1, 3000).forEach(i => ctx.publish(logEvent('r', i), 'r'));
    const clients = await Promise.all(range(1, 6).map(() => ctx.connect()));
    for (const client of clients) {
      await subscribe(client, 'runs');
      await subscribe(client, 'run:r');
    }
    assert.equal(ctx.bus.listenerCount, 12);
    clients.forEach((client, i) => {
      // A replay of 3,000 events is still running when half of them go.
      client.ws.send(
        JSON.stringify({ type: 'subscribe', channel: 'run:r', since: 0 })
      );
      if (i % 2 === 0) {
        client.ws.close();
      } else {
        client.ws.terminate();
      }
    });
    await eventually(() => ctx.hub.clientCount === 0);
    assert.equal(ctx.bus.listenerCount, 0);
  });
});
