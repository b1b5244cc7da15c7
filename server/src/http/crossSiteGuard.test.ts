import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { PROXY_TOKEN_HEADER } from '../auth/TokenAuth.js';
import { decodeXsrfToken, sameXsrfToken } from '../auth/xsrfToken.js';
import {
  startTestServer,
  TEST_TOKEN,
  type ITestServer
} from '../testing/testServer.js';

/** A Tornado version-2 XSRF value: the token XORed with a 4-byte mask. */
function tornadoValue(token: Buffer, mask: Buffer): string {
  const masked = Buffer.from(token.map((b, i) => b ^ mask[i % 4]));
  return `2|${mask.toString('hex')}|${masked.toString('hex')}|1700000000`;
}

const TOKEN = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
const COOKIE = tornadoValue(TOKEN, Buffer.from('a1b2c3d4', 'hex'));
// The same token under another mask, as another page load would carry it.
const HEADER = tornadoValue(TOKEN, Buffer.from('0f1e2d3c', 'hex'));

describe('XSRF values are compared as Tornado decodes them', () => {
  test('two masks of one token match; another token does not', () => {
    assert.deepEqual(decodeXsrfToken(COOKIE), TOKEN);
    assert.ok(sameXsrfToken(COOKIE, HEADER));
    assert.ok(sameXsrfToken(TOKEN.toString('hex'), COOKIE), 'version 1 (hex)');
    const other = tornadoValue(Buffer.alloc(16, 7), Buffer.alloc(4, 1));
    assert.equal(sameXsrfToken(COOKIE, other), false);
  });

  test('malformed values match nothing', () => {
    for (const bad of ['2|zz|00|1', '2|a1b2c3d4|00', '3|a|b|c', '']) {
      assert.equal(sameXsrfToken(COOKIE, bad), false, bad);
    }
  });
});

describe("requests through Jupyter's proxy are refused when cross-site", () => {
  let ctx: ITestServer;
  before(async () => (ctx = await startTestServer()));
  after(() => ctx.server.stop());

  /** As jupyter-server-proxy forwards a browser's request: cookies, Host, our header (fetch cannot set Host). */
  const proxied = (
    method: string,
    headers: Record<string, string>,
    path = '/api/runs/no-such-run/cancel'
  ): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = request(
        `${ctx.baseUrl}${path}`,
        {
          method,
          headers: {
            [PROXY_TOKEN_HEADER]: TEST_TOKEN,
            host: '127.0.0.1:8888',
            cookie: `username-127-0-0-1-8888="2|login"; _xsrf=${COOKIE}`,
            ...headers
          }
        },
        res => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        }
      );
      req.on('error', reject);
      req.end();
    });

  const refusals: [string, Record<string, string>][] = [
    [
      'a cookie-only form POST',
      { 'content-type': 'application/x-www-form-urlencoded' }
    ],
    [
      'a foreign Origin',
      { origin: 'http://evil.example', 'x-xsrftoken': HEADER }
    ],
    [
      'another port of the same host',
      { origin: 'http://127.0.0.1:9999', 'x-xsrftoken': HEADER }
    ],
    [
      'Sec-Fetch-Site: same-site',
      { 'sec-fetch-site': 'same-site', 'x-xsrftoken': HEADER }
    ],
    [
      'Sec-Fetch-Site: cross-site',
      { 'sec-fetch-site': 'cross-site', 'x-xsrftoken': HEADER }
    ],
    [
      'Origin: null (a sandboxed frame)',
      { origin: 'null', 'x-xsrftoken': HEADER }
    ],
    [
      'a wrong XSRF token',
      { 'x-xsrftoken': tornadoValue(Buffer.alloc(16), Buffer.alloc(4)) }
    ]
  ];
  for (const [name, headers] of refusals) {
    test(`${name} is 403 forbidden`, async () => {
      const res = await proxied('POST', headers);
      assert.equal(res.status, 403);
      const body = JSON.parse(res.text) as {
        error: { kind: string; message: string };
      };
      assert.equal(body.error.kind, 'forbidden');
      assert.match(body.error.message, /cross-site request refused/);
    });
  }

  const accepted: [string, Record<string, string>][] = [
    [
      'the XSRF header as JupyterLab sends it',
      {
        origin: 'http://127.0.0.1:8888',
        'sec-fetch-site': 'same-origin',
        'x-xsrftoken': HEADER
      }
    ],
    ['X-CSRFToken (Tornado accepts both)', { 'x-csrftoken': COOKIE }],
    [
      'a request Jupyter authenticated by token',
      { authorization: 'token jupyters-own-token' }
    ]
  ];
  for (const [name, headers] of accepted) {
    test(`${name} reaches the route`, async () => {
      const res = await proxied('POST', headers);
      assert.equal(res.status, 404, res.text);
    });
  }

  test('reads are not asked for the XSRF token, but a foreign site cannot make them', async () => {
    assert.equal((await proxied('GET', {}, '/api/health')).status, 200);
    const foreign = await proxied(
      'GET',
      { 'sec-fetch-site': 'cross-site' },
      '/api/health'
    );
    assert.equal(foreign.status, 403);
  });

  test('a client sending the server token itself is unaffected (standalone)', async () => {
    const res = await fetch(`${ctx.baseUrl}/api/runs/x/cancel`, {
      method: 'POST',
      headers: { authorization: ctx.authHeader, origin: 'http://evil.example' }
    });
    assert.equal(res.status, 404);
  });
});
