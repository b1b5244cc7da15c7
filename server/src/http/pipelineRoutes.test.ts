import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { ICompileResult, IErrorBody } from '../contract/wire.js';
import { notebook, step } from '../testing/notebooks.js';
import {
  jsonBody,
  startTestServer,
  type ITestServer
} from '../testing/testServer.js';

describe('POST /api/pipelines/compile', () => {
  let t: ITestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.server.stop());

  const post = (body: unknown) =>
    fetch(`${t.baseUrl}/api/pipelines/compile`, {
      method: 'POST',
      headers: {
        Authorization: t.authHeader,
        'Content-Type': 'application/json'
      },
      body: JSON.stringify(body)
    });

  test('returns the compiled pipeline', async () => {
    const res = await post({
      notebook: notebook([step('a', 'x = 1'), step('b', 'print(x)')]),
      name: 'demo'
    });
    assert.equal(res.status, 200);
    const result = (await jsonBody(res)) as ICompileResult;
    assert.equal(result.name, 'demo');
    assert.equal(result.ok, true);
    assert.deepEqual(result.edges, [
      { from: 'a', to: 'b', variables: ['x'], explicit: false }
    ]);
  });

  test('returns problems as data (200, ok false)', async () => {
    const res = await post({ notebook: { cells: 'no' } });
    assert.equal(res.status, 200);
    const result = (await jsonBody(res)) as ICompileResult;
    assert.equal(result.ok, false);
    assert.equal(result.problems[0].kind, 'invalid-notebook');
  });

  test('applies parameter overrides', async () => {
    const nb = notebook([
      { source: 'n = 1', tags: ['pipeline-parameters'] },
      step('a', 'x = n')
    ]);
    const result = (await jsonBody(
      await post({ notebook: nb, parameters: { n: 5 } })
    )) as ICompileResult;
    assert.deepEqual(result.parameters, [
      { name: 'n', type: 'int', default: 1, value: 5 }
    ]);
  });

  for (const [name, body, path] of [
    ['no notebook', {}, 'notebook'],
    [
      'parameters not an object',
      { notebook: {}, parameters: [1] },
      'parameters'
    ],
    ['an unknown field', { notebook: {}, extra: 1 }, 'request body']
  ] as const) {
    test(`rejects a request with ${name} (400 with problems)`, async () => {
      const res = await post(body);
      assert.equal(res.status, 400);
      const err = (await jsonBody(res)) as IErrorBody;
      assert.equal(err.error.kind, 'invalid_request');
      assert.equal(err.error.problems?.[0].path, path);
    });
  }

  test('requires the token', async () => {
    const res = await fetch(`${t.baseUrl}/api/pipelines/compile`, {
      method: 'POST'
    });
    assert.equal(res.status, 401);
  });
});
