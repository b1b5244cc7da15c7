import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import type { ICompileResult, IErrorBody } from '../contract/wire.js';
import { notebook, step } from '../testing/notebooks.js';
import { startTestServer, type ITestServer } from '../testing/testServer.js';
import { RAW_COMPILE_FROM } from './compileRequest.js';

const MiB = 1 << 20;

/** A notebook of 200 steps whose saved outputs (small objects, as Jupyter stores them) fill ~`size` bytes. */
function notebookWithOutputs(size: number): Record<string, unknown> {
  const nb = notebook(
    Array.from({ length: 200 }, (_, i) => step(`s${i}`, `x${i} = ${i}`))
  );
  const cells = nb.cells as { outputs: unknown[] }[];
  const one = { output_type: 'stream', name: 'stdout', text: ['0.25\n'] };
  const perCell = Math.ceil(size / JSON.stringify(one).length / cells.length);
  for (const cell of cells) {
    cell.outputs = Array.from({ length: perCell }, () => ({ ...one }));
  }
  return nb;
}

describe('a large compile body is parsed in the compile worker, not on the event loop', () => {
  let ctx: ITestServer;
  before(async () => (ctx = await startTestServer()));
  after(() => ctx.server.stop());
  const post = (body: string | Buffer) =>
    fetch(`${ctx.baseUrl}/api/pipelines/compile`, {
      method: 'POST',
      headers: {
        authorization: ctx.authHeader,
        'content-type': 'application/json'
      },
      body
    });

  test('15 MiB of notebook outputs compile with little CPU time of the server’s thread', async () => {
    const body = JSON.stringify({ notebook: notebookWithOutputs(15 * MiB) });
    assert.ok(body.length > 15 * MiB && body.length < 16 * MiB);
    // The server runs in this process: its event loop is this one.
    // CPU time of this thread, not wall time: a loaded machine's scheduling
    // stretches wall-clock pauses, this thread's own work it does not.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const cpu = process.threadCpuUsage();
    const res = await post(body);
    const text = await res.text();
    const used = process.threadCpuUsage(cpu);
    loop.disable();
    const cpuMs = (used.user + used.system) / 1000;
    console.log(
      `a ${(body.length / MiB).toFixed(1)} MiB compile body: ${cpuMs.toFixed(0)} ms CPU on the loop's thread (client included); longest event-loop pause ${(loop.max / 1e6).toFixed(0)} ms`
    );
    assert.equal(res.status, 200, text.slice(0, 300));
    const result = JSON.parse(text) as ICompileResult;
    assert.equal(result.ok, true, JSON.stringify(result.problems.slice(0, 3)));
    assert.equal(result.steps.length, 200);
    // Measured on a loaded 2-core machine: 167 ms now (the client's sending
    // included), 706 ms when the body was parsed, checked and cloned here.
    assert.ok(
      cpuMs < 350,
      `${cpuMs.toFixed(0)} ms of CPU on the loop's thread`
    );
  });

  test('a large body is checked as a small one is: bad JSON, depth, unknown fields are 400s', async () => {
    const padding = ' '.repeat(RAW_COMPILE_FROM);
    const nested = '['.repeat(100) + ']'.repeat(100);
    const cases: [string, number, RegExp][] = [
      [`{"notebook": ${padding}`, 400, /not valid JSON/],
      [`{"notebook": ${nested}}${padding}`, 400, /nested deeper than 64/],
      [`{"notebook": {}, "extra": 1}${padding}`, 400, /extra/],
      [`{"name": "x"}${padding}`, 400, /notebook/]
    ];
    for (const [body, status, message] of cases) {
      const res = await post(body);
      const answer = (await res.json()) as IErrorBody;
      assert.equal(res.status, status, JSON.stringify(answer));
      assert.match(JSON.stringify(answer), message);
    }
  });
});
