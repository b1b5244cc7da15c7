import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { notebook, step } from '../testing/notebooks.js';
import { startTestServer, type ITestServer } from '../testing/testServer.js';

/** Bad requests the probe turned into 500s or 502s (issue 16, findings 7 and 8): each a 400 saying why. */
describe('bad input is a 400 with a message', () => {
  let t: ITestServer;
  before(async () => (t = await startTestServer()));
  after(() => t.server.stop());

  /** A raw request: fetch would fix up a malformed URL before sending it. */
  const raw = (method: string, path: string, body?: string) =>
    new Promise<{
      status: number;
      body: { error: { kind: string; message: string } };
    }>((resolve, reject) => {
      const req = request(
        `${t.baseUrl}${path}`,
        {
          method,
          headers: {
            authorization: t.authHeader,
            'content-type': 'application/json'
          }
        },
        res => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(text) as never
            })
          );
        }
      );
      req.on('error', reject);
      req.end(body);
    });
  const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const compileBody = (nb: unknown) => JSON.stringify({ notebook: nb });

  const cases: [string, string, string, string | undefined, RegExp][] = [
    [
      'JSON nested 100,000 deep',
      'POST',
      '/api/pipelines/compile',
      `{"notebook": ${deep(100_000)}}`,
      /nested deeper than 64/
    ],
    [
      'a predict body nested 100,000 deep',
      'POST',
      '/api/deployments/none/predict',
      `{"instances": ${deep(100_000)}}`,
      /nested deeper than 64/
    ],
    [
      '1e400',
      'POST',
      '/api/pipelines/compile',
      `{"notebook": {"cells": []}, "parameters": {"lr": 1e400}}`,
      /too large/
    ],
    [
      'a malformed % escape in the path',
      'GET',
      '/api/runs/%E0%A4%A',
      undefined,
      /malformed/
    ],
    [
      'a lone % in the path',
      'DELETE',
      '/api/deployments/%',
      undefined,
      /malformed/
    ]
  ];
  for (const [name, method, path, body, message] of cases) {
    test(`${name} is 400`, async () => {
      const res = await raw(method, path, body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(res.body.error.message, message);
    });
  }

  test('an env value with a NUL byte is a compile problem, not a failed step', async () => {
    const nb = notebook([step('a', 'x = 1')], {
      version: 1,
      steps: { a: { env_vars: [{ env_var: 'FOO', value: 'a\0b' }] } }
    });
    const res = await raw('POST', '/api/pipelines/compile', compileBody(nb));
    assert.equal(res.status, 200);
    const result = res.body as unknown as {
      ok: boolean;
      problems: { message: string }[];
    };
    assert.equal(result.ok, false);
    assert.ok(
      result.problems.some(p => /NUL byte/.test(p.message)),
      JSON.stringify(result.problems)
    );
  });
});
