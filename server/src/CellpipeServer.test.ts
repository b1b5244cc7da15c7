import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { test } from 'node:test';

import { pino } from 'pino';

import { createCellpipeServer } from './app.js';
import { openSocket } from './testing/sockets.js';
import { startTestServer, TEST_TOKEN } from './testing/testServer.js';

/** Resolves when a plain TCP server can bind `port` on 127.0.0.1. */
function bindable(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise(resolve => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** One request on a keep-alive agent, so its socket stays open afterwards. */
function keepAliveGet(port: number, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/health',
        agent,
        headers: { authorization: `token ${TEST_TOKEN}` }
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }
    );
    req.on('error', reject);
    req.end();
  });
}

test('stop() resolves and frees the port despite open connections', async () => {
  const ctx = await startTestServer();
  const agent = new Agent({ keepAlive: true });
  assert.equal(await keepAliveGet(ctx.port, agent), 200);
  const { ws } = await openSocket(`${ctx.eventsUrl}?token=${TEST_TOKEN}`);
  const started = Date.now();
  await ctx.server.stop();
  assert.ok(Date.now() - started < 2000, 'stop() took too long');
  assert.equal(await bindable(ctx.port), true);
  assert.equal(ws.readyState, ws.CLOSED);
  agent.destroy();
});

test('stop() twice, or before start(), resolves', async () => {
  const ctx = await startTestServer();
  await Promise.all([ctx.server.stop(), ctx.server.stop()]);
  await ctx.server.stop();
  const neverStarted = createCellpipeServer({
    host: '127.0.0.1',
    port: 0,
    token: 't',
    logger: pino({ level: 'silent' })
  });
  await neverStarted.stop();
});

test('start() on a port in use rejects with EADDRINUSE', async () => {
  const first = await startTestServer();
  const second = createCellpipeServer({
    host: '127.0.0.1',
    port: first.port,
    token: 't',
    logger: pino({ level: 'silent' })
  });
  await assert.rejects(second.start(), { code: 'EADDRINUSE' });
  await first.server.stop();
});

test('an empty token is refused at construction', () => {
  assert.throws(
    () => createCellpipeServer({ host: '127.0.0.1', port: 0, token: '' }),
    /token must not be empty/
  );
});
