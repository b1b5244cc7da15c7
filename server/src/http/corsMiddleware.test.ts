import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startTestServer, type ITestServer } from '../testing/testServer.js';

const ALLOWED = 'http://127.0.0.1:8888';

describe('CORS for a standalone server', () => {
  let t: ITestServer;
  before(async () => {
    t = await startTestServer({ allowOrigins: [ALLOWED] });
  });
  after(() => t.server.stop());

  test('a preflight from an allowed origin is answered without a token', async () => {
    const res = await fetch(`${t.baseUrl}/api/version`, {
      method: 'OPTIONS',
      headers: {
        Origin: ALLOWED,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization'
      }
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(
      res.headers.get('access-control-allow-headers') ?? '',
      /Authorization/
    );
  });

  test('a preflight from another origin gets 401 and no CORS headers', async () => {
    const res = await fetch(`${t.baseUrl}/api/version`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://evil.example',
        'Access-Control-Request-Method': 'GET'
      }
    });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  test('an allowed origin still needs the token for the real request', async () => {
    const denied = await fetch(`${t.baseUrl}/api/version`, {
      headers: { Origin: ALLOWED }
    });
    assert.equal(denied.status, 401);
    const ok = await fetch(`${t.baseUrl}/api/version`, {
      headers: { Origin: ALLOWED, Authorization: t.authHeader }
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), ALLOWED);
  });
});

describe('without allowed origins', () => {
  test('no CORS headers are sent at all', async () => {
    const t = await startTestServer();
    try {
      const res = await fetch(`${t.baseUrl}/api/version`, {
        headers: { Origin: ALLOWED, Authorization: t.authHeader }
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    } finally {
      await t.server.stop();
    }
  });
});
