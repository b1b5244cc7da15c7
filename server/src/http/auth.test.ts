import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { WebSocket } from 'ws';

import {
  jsonBody,
  startTestServer,
  TEST_TOKEN,
  type ITestServer
} from '../testing/testServer.js';

interface IRoute {
  method: string;
  path: string;
  body?: string;
}

const routes: IRoute[] = [
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/version' },
  { method: 'GET', path: '/api/no-such-route' },
  { method: 'GET', path: '/' },
  { method: 'POST', path: '/api/no-such-route', body: '{"a":1}' },
  // No body parsing before auth: even a malformed body is just a 401.
  { method: 'POST', path: '/api/health', body: '{not json' }
];

const unauthorized: { name: string; header?: string; query?: string }[] = [
  { name: 'no token' },
  { name: 'a wrong token', header: 'token wrong' },
  { name: 'a wrong bearer token', header: 'Bearer wrong' },
  { name: 'the token with an unknown scheme', header: `Basic ${TEST_TOKEN}` },
  { name: 'the token only in the query string', query: TEST_TOKEN }
];

describe('every HTTP request needs the token in the Authorization header', () => {
  let ctx: ITestServer;
  before(async () => (ctx = await startTestServer()));
  after(() => ctx.server.stop());

  for (const route of routes) {
    for (const attempt of unauthorized) {
      test(`${route.method} ${route.path} with ${attempt.name} is 401 JSON`, async () => {
        const query = attempt.query ? `?token=${attempt.query}` : '';
        const res = await fetch(`${ctx.baseUrl}${route.path}${query}`, {
          method: route.method,
          headers: {
            'content-type': 'application/json',
            ...(attempt.header ? { authorization: attempt.header } : {})
          },
          body: route.body
        });
        assert.equal(res.status, 401);
        assert.equal(res.headers.get('www-authenticate'), 'token');
        assert.deepEqual(await jsonBody(res), {
          error: { kind: 'unauthorized', message: 'missing or invalid token' }
        });
      });
    }
  }

  for (const scheme of ['token', 'Bearer', 'TOKEN', 'bearer']) {
    test(`the "${scheme}" scheme is accepted on every system route`, async () => {
      for (const path of ['/api/health', '/api/version']) {
        const res = await fetch(`${ctx.baseUrl}${path}`, {
          headers: { authorization: `${scheme} ${TEST_TOKEN}` }
        });
        assert.equal(res.status, 200, path);
        await res.body?.cancel();
      }
    });
  }

  test('a websocket upgrade without the token is refused with 401', async () => {
    const ws = new WebSocket(ctx.eventsUrl.replace('/api/events', '/nowhere'));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.once('open', () => reject(new Error('upgrade accepted')));
      ws.once('error', reject);
    });
    // Auth is checked before the path, so an unknown path is 401, not 404.
    assert.equal(status, 401);
  });
});
