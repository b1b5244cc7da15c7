import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import type {
  IArtifact,
  IErrorBody,
  ILogLine,
  IRunComparison,
  IRunList,
  IRunOutputs,
  IRunRecord,
  IRunSources
} from '../contract/wire.js';
import { notebook, step } from '../testing/notebooks.js';
import {
  jsonBody,
  startTestServer,
  type ITestServer
} from '../testing/testServer.js';

describe('the runs API', () => {
  let t: ITestServer;
  let home: string;
  before(async () => {
    t = await startTestServer({ concurrency: 2, killGraceMs: 300 });
    home = (t.server as unknown as { parts: { engine: { home: string } } })
      .parts.engine.home;
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
  const json = async <T>(res: Response) => (await jsonBody(res)) as T;
  const waitFor = async (id: string): Promise<IRunRecord> => {
    for (;;) {
      const run = await json<IRunRecord>(await call('GET', `/runs/${id}`));
      if (['succeeded', 'failed', 'cancelled'].includes(run.status)) {
        return run;
      }
      await new Promise(r => setTimeout(r, 50));
    }
  };
  const PIPELINE = notebook([
    step('make', 'import numpy as np\narr = np.arange(5)\nprint("made")'),
    step('use', 'total = int(arr.sum())\nprint("total", total)')
  ]);

  test('POST /runs starts a run (201) that succeeds; GET /runs/:id shows it', async () => {
    const res = await call('POST', '/runs', {
      notebook: PIPELINE,
      notebookPath: 'work/demo.ipynb'
    });
    assert.equal(res.status, 201);
    const created = await json<IRunRecord>(res);
    assert.equal(created.name, 'demo');
    assert.equal(created.notebookPath, 'work/demo.ipynb');
    const done = await waitFor(created.id);
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(done.order, ['make', 'use']);
  });

  test('an invalid pipeline is 400 with its problems', async () => {
    const res = await call('POST', '/runs', {
      notebook: notebook([step('a', 'x = 1', { after: ['a'] })])
    });
    assert.equal(res.status, 400);
    const err = await json<IErrorBody>(res);
    assert.equal(err.error.problems?.[0].kind, 'cycle');
  });

  test('an unknown target is 400', async () => {
    const res = await call('POST', '/runs', {
      notebook: PIPELINE,
      target: 'mars'
    });
    assert.equal(res.status, 400);
    assert.match(
      (await json<IErrorBody>(res)).error.message,
      /target "mars" is not available/
    );
  });

  test('GET /runs filters by status and notebook, newest first, paginated', async () => {
    const a = await json<IRunRecord>(
      await call('POST', '/runs', {
        notebook: PIPELINE,
        notebookPath: 'list.ipynb'
      })
    );
    const b = await json<IRunRecord>(
      await call('POST', '/runs', {
        notebook: PIPELINE,
        notebookPath: 'list.ipynb'
      })
    );
    await waitFor(a.id);
    await waitFor(b.id);
    const page = await json<IRunList>(
      await call('GET', '/runs?notebook=list.ipynb&limit=1')
    );
    assert.equal(page.total, 2);
    assert.deepEqual(
      page.runs.map(r => r.id),
      [b.id]
    );
    const next = await json<IRunList>(
      await call('GET', '/runs?notebook=list.ipynb&limit=1&offset=1')
    );
    assert.deepEqual(
      next.runs.map(r => r.id),
      [a.id]
    );
    const failed = await json<IRunList>(
      await call('GET', '/runs?status=failed&notebook=list.ipynb')
    );
    assert.equal(failed.total, 0);
    assert.equal((await call('GET', '/runs?status=bogus')).status, 400);
  });

  test('unknown ids are 404; cancelling a finished run is 409', async () => {
    assert.equal((await call('GET', '/runs/r-nope')).status, 404);
    assert.equal((await call('POST', '/runs/r-nope/cancel')).status, 404);
    const run = await json<IRunRecord>(
      await call('POST', '/runs', { notebook: PIPELINE })
    );
    await waitFor(run.id);
    const res = await call('POST', `/runs/${run.id}/cancel`);
    assert.equal(res.status, 409);
    assert.match(
      (await json<IErrorBody>(res)).error.message,
      /only a queued or running run can be cancelled/
    );
  });

  test('cancel a running run; resume it; delete removes its artifacts', async () => {
    const slow = notebook([
      step('wait', 'import time\nvalue = 7\ntime.sleep(30)'),
      step('next', 'print(value)')
    ]);
    const run = await json<IRunRecord>(
      await call('POST', '/runs', { notebook: slow })
    );
    for (;;) {
      const now = await json<IRunRecord>(await call('GET', `/runs/${run.id}`));
      if (now.steps[0].status === 'running') {
        break;
      }
      await new Promise(r => setTimeout(r, 50));
    }
    assert.equal((await call('POST', `/runs/${run.id}/cancel`)).status, 200);
    assert.equal((await waitFor(run.id)).status, 'cancelled');
    const fixed = notebook([
      step('wait', 'value = 7'),
      step('next', 'print(value)')
    ]);
    const resumed = await call('POST', `/runs/${run.id}/resume`, {
      notebook: fixed
    });
    assert.equal(resumed.status, 201);
    const done = await waitFor((await json<IRunRecord>(resumed)).id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.resumedFrom, run.id);
    assert.ok(existsSync(`${home}/artifacts/${done.id}/wait`));
    assert.equal((await call('DELETE', `/runs/${done.id}`)).status, 204);
    assert.equal((await call('GET', `/runs/${done.id}`)).status, 404);
    assert.equal(existsSync(`${home}/artifacts/${done.id}`), false);
  });

  test('outputs, rename, search and notebook moves through the API', async () => {
    const created = await json<IRunRecord>(
      await call('POST', '/runs', {
        notebook: notebook([step('hello', 'print("hi")\n6 * 7')]),
        notebookPath: 'api/outputs.ipynb',
        title: 'first try'
      })
    );
    assert.equal(created.title, 'first try');
    await waitFor(created.id);
    const outputs = await json<IRunOutputs>(
      await call('GET', `/runs/${created.id}/outputs`)
    );
    assert.deepEqual(outputs.cells[0].outputs, [
      { output_type: 'stream', name: 'stdout', text: 'hi\n' },
      {
        output_type: 'execute_result',
        execution_count: null,
        data: { 'text/plain': '42' },
        metadata: {}
      }
    ]);
    const sources = await json<IRunSources>(
      await call('GET', `/runs/${created.id}/sources`)
    );
    assert.deepEqual(sources, { cells: { c0: 'print("hi")\n6 * 7' } });
    assert.equal((await call('GET', '/runs/no-such-run/sources')).status, 404);
    const compared = await json<IRunComparison>(
      await call('GET', `/runs/compare?ids=${created.id},${created.id}`)
    );
    assert.deepEqual(
      compared.steps.map(s => [s.name, s.code, s.differs]),
      [['hello', ['print("hi")\n6 * 7', 'print("hi")\n6 * 7'], false]]
    );
    assert.equal(
      (await call('GET', `/runs/compare?ids=${created.id}`)).status,
      400
    );
    assert.equal(
      (await call('GET', `/runs/compare?ids=${created.id},nope`)).status,
      404
    );
    const renamed = await call('PATCH', `/runs/${created.id}`, {
      title: 'kept'
    });
    assert.equal((await json<IRunRecord>(renamed)).title, 'kept');
    assert.equal(
      (await call('PATCH', `/runs/${created.id}`, { title: ' ' })).status,
      400
    );
    const found = await json<IRunList>(await call('GET', '/runs?q=kept'));
    assert.deepEqual(
      found.runs.map(r => r.id),
      [created.id]
    );
    const moved = await call('POST', '/runs/move-notebook', {
      from: 'api/outputs.ipynb',
      to: 'api/renamed.ipynb'
    });
    assert.deepEqual(await json<unknown>(moved), { moved: 1 });
    const list = await json<IRunList>(
      await call('GET', '/runs?notebook=api/renamed.ipynb')
    );
    assert.deepEqual(
      list.runs.map(r => r.id),
      [created.id]
    );
  });

  test('logs of a step, whole or followed', async () => {
    const run = await json<IRunRecord>(
      await call('POST', '/runs', {
        notebook: notebook([
          step(
            'talk',
            'import time\nfor i in range(5):\n    print("line", i, flush=True)\n    time.sleep(0.1)'
          )
        ])
      })
    );
    const follow = await call(
      'GET',
      `/runs/${run.id}/steps/talk/logs?follow=1`
    );
    assert.equal(follow.status, 200);
    assert.match(follow.headers.get('content-type') ?? '', /ndjson/);
    const lines = (await follow.text())
      .trim()
      .split('\n')
      .map(l => JSON.parse(l) as ILogLine);
    assert.deepEqual(
      lines.map(l => l.line),
      ['line 0', 'line 1', 'line 2', 'line 3', 'line 4']
    );
    assert.deepEqual(
      lines.map(l => l.seq),
      [1, 2, 3, 4, 5]
    );
    const whole = await json<{ lines: ILogLine[]; status: string }>(
      await call('GET', `/runs/${run.id}/steps/talk/logs?after=3`)
    );
    assert.deepEqual(
      whole.lines.map(l => l.line),
      ['line 3', 'line 4']
    );
    assert.equal(
      (await call('GET', `/runs/${run.id}/steps/nope/logs`)).status,
      404
    );
  });

  test('artifacts are listed without paths and downloaded; traversal finds nothing', async () => {
    const run = await json<IRunRecord>(
      await call('POST', '/runs', { notebook: PIPELINE })
    );
    await waitFor(run.id);
    const list = await json<IArtifact[]>(
      await call('GET', `/runs/${run.id}/artifacts`)
    );
    assert.deepEqual(
      list.map(a => [a.step, a.name, a.format]),
      [['make', 'arr', 'npy']]
    );
    assert.equal(JSON.stringify(list).includes(home), false);
    const file = await call('GET', `/runs/${run.id}/artifacts/make/arr`);
    assert.equal(file.status, 200);
    const bytes = Buffer.from(await file.arrayBuffer());
    assert.equal(bytes.subarray(1, 6).toString(), 'NUMPY');
    assert.equal(bytes.length, list[0].size);
    for (const path of [
      `/runs/${run.id}/artifacts/make/..%2F..%2F..%2Fcellpipe.db`,
      `/runs/${run.id}/artifacts/..%2Fmake/arr`,
      `/runs/..%2F..%2Fetc/artifacts/make/passwd`
    ]) {
      assert.equal((await call('GET', path)).status, 404, path);
    }
  });
});
