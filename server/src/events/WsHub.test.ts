import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import type { WebSocket } from 'ws';

import { API_VERSION } from '../contract/wire.js';
import {
  closed,
  openSocket,
  refusedUpgrade,
  type IOpenSocket
} from '../testing/sockets.js';
import {
  startTestServer,
  TEST_TOKEN,
  type ITestServer
} from '../testing/testServer.js';
import { VERSION } from '../version.js';

const HELLO = {
  type: 'hello',
  version: VERSION,
  apiVersion: API_VERSION,
  seq: 0
};

describe('WsHub on /api/events', () => {
  let ctx: ITestServer;
  const sockets: WebSocket[] = [];
  before(async () => (ctx = await startTestServer()));
  afterEach(() => sockets.splice(0).forEach(ws => ws.terminate()));
  after(() => ctx.server.stop());

  const connect = async (): Promise<IOpenSocket> => {
    const open = await openSocket(`${ctx.eventsUrl}?token=${TEST_TOKEN}`);
    sockets.push(open.ws);
    return open;
  };

  test('an upgrade without a token is refused with 401 JSON', async () => {
    const refusal = await refusedUpgrade(ctx.eventsUrl);
    assert.equal(refusal.status, 401);
    assert.equal(refusal.headers['www-authenticate'], 'token');
    assert.deepEqual(refusal.body, {
      error: { kind: 'unauthorized', message: 'missing or invalid token' }
    });
  });

  test('an upgrade with a wrong token is refused with 401', async () => {
    const byQuery = await refusedUpgrade(`${ctx.eventsUrl}?token=wrong`);
    assert.equal(byQuery.status, 401);
    const byHeader = await refusedUpgrade(ctx.eventsUrl, {
      headers: { authorization: 'token wrong' }
    });
    assert.equal(byHeader.status, 401);
  });

  test('an authenticated upgrade on another path is refused with 404', async () => {
    const refusal = await refusedUpgrade(
      `ws://127.0.0.1:${ctx.port}/api/other?token=${TEST_TOKEN}`
    );
    assert.equal(refusal.status, 404);
    assert.deepEqual(refusal.body, {
      error: {
        kind: 'not_found',
        message: 'no websocket endpoint at /api/other'
      }
    });
  });

  test('with ?token= the client is greeted with hello', async () => {
    const { messages } = await connect();
    assert.deepEqual(await messages.next(), HELLO);
  });

  test('with the Authorization header the client is greeted with hello', async () => {
    const open = await openSocket(ctx.eventsUrl, {
      headers: { authorization: ctx.authHeader }
    });
    sockets.push(open.ws);
    assert.deepEqual(await open.messages.next(), HELLO);
  });

  test('a ping message is answered with a pong carrying its id', async () => {
    const { ws, messages } = await connect();
    await messages.next();
    ws.send(JSON.stringify({ type: 'ping', id: 'p1' }));
    assert.deepEqual(await messages.next(), { type: 'pong', id: 'p1' });
    ws.send(JSON.stringify({ type: 'ping' }));
    assert.deepEqual(await messages.next(), { type: 'pong' });
  });

  test('invalid messages get an error message and the socket stays open', async () => {
    const { ws, messages } = await connect();
    await messages.next();
    for (const bad of ['{nope', '{"type":"dance"}', '[1,2]']) {
      ws.send(bad);
      const reply = (await messages.next()) as { type: string; kind: string };
      assert.equal(reply.type, 'error', bad);
      assert.equal(reply.kind, 'invalid_message', bad);
    }
    ws.send(Buffer.from('{"type":"ping"}'), { binary: true });
    assert.equal(((await messages.next()) as { type: string }).type, 'error');
    ws.send(JSON.stringify({ type: 'ping', id: 'still-open' }));
    assert.deepEqual(await messages.next(), { type: 'pong', id: 'still-open' });
  });

  test('a message over maxPayload closes the socket with 1009', async () => {
    const { ws, messages } = await connect();
    await messages.next();
    const whenClosed = closed(ws);
    ws.send(JSON.stringify({ type: 'ping', id: 'x'.repeat(1024 * 1024) }));
    assert.equal((await whenClosed).code, 1009);
  });
});

describe('WsHub heartbeat', () => {
  let ctx: ITestServer;
  before(async () => (ctx = await startTestServer({ heartbeatMs: 100 })));
  after(() => ctx.server.stop());

  test('a client that stops answering pings is terminated', async () => {
    const url = `${ctx.eventsUrl}?token=${TEST_TOKEN}`;
    const silent = await openSocket(url, { autoPong: false });
    const polite = await openSocket(url);
    const pinged = new Promise(resolve => silent.ws.once('ping', resolve));
    const silentClosed = closed(silent.ws, 1000);
    await pinged;
    // Terminated, not closed: no close frame, so the client sees 1006.
    assert.equal((await silentClosed).code, 1006);
    // The auto-ponging client survived the same rounds.
    await new Promise(resolve => setTimeout(resolve, 350));
    assert.equal(polite.ws.readyState, polite.ws.OPEN);
    polite.ws.terminate();
  });
});

describe('WsHub stop', () => {
  test('stop() closes every client with 1001 and resolves', async () => {
    const ctx = await startTestServer();
    const url = `${ctx.eventsUrl}?token=${TEST_TOKEN}`;
    const clients = await Promise.all([openSocket(url), openSocket(url)]);
    const codes = clients.map(({ ws }) => closed(ws));
    await ctx.server.stop();
    for (const result of await Promise.all(codes)) {
      assert.equal(result.code, 1001);
      assert.equal(result.reason, 'server shutting down');
    }
  });
});
