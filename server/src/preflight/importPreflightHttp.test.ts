import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { IErrorBody, IRunList } from '../contract/wire.js';
import { notebook, step } from '../testing/notebooks.js';
import {
  jsonBody,
  startTestServer,
  type ITestServer
} from '../testing/testServer.js';

describe('POST /api/runs with a module the step Python lacks', () => {
  let t: ITestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.server.stop());

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${t.baseUrl}/api${path}`, {
      method,
      headers: {
        Authorization: t.authHeader,
        'Content-Type': 'application/json'
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });

  test('is 400 with the problem on the importing cell, as JupyterLab shows compile errors', async () => {
    const res = await call('POST', '/runs', {
      notebook: notebook([
        { source: 'import no_such_module_cp18 as cp', tags: ['imports'] },
        step('load', 'x = 1'),
        step(
          'train',
          'import json\nfrom no_such_pkg_cp18.sub import imread\ny = x'
        )
      ]),
      notebookPath: 'demo.ipynb'
    });
    assert.equal(res.status, 400);
    const body = (await jsonBody(res)) as IErrorBody;
    const problems = body.error.problems ?? [];
    const cv2 = problems.find(p => p.message.includes('no_such_pkg_cp18'));
    const prelude = problems.find(p => p.cellId === 'c0');
    assert.deepEqual(
      problems.map(p => [p.kind, p.severity, p.cellId, p.cellIndex, p.line]),
      [
        ['missing-module', 'error', 'c0', 0, 1],
        ['missing-module', 'error', 'c2', 2, 2]
      ]
    );
    assert.match(
      prelude!.message,
      /^the imports cell \(run by every step\) imports no_such_module_cp18/
    );
    assert.match(
      cv2!.message,
      /^step train imports no_such_pkg_cp18, which .+ does not have: pip install no-such-pkg-cp18, or choose another Python/
    );
    const runs = (await jsonBody(await call('GET', '/runs'))) as IRunList;
    assert.equal(runs.total, 0, 'nothing was created');
  });
});
