import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { IRunRecord } from '../../contract/wire.js';
import { notebook, step } from '../../testing/notebooks.js';
import { startTestServer, type ITestServer } from '../../testing/testServer.js';
import { LongTimer, MAX_TIMER_MS } from './LongTimer.js';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe("timeouts longer than Node's longest timer (issue 16, finding 4)", () => {
  test('a 30-day timer does not fire now', async () => {
    let fired = false;
    const timer = new LongTimer(30 * 24 * 3600 * 1000, () => (fired = true));
    await sleep(100);
    timer.stop();
    assert.ok(30 * 24 * 3600 * 1000 > MAX_TIMER_MS);
    assert.equal(fired, false);
  });

  test('a timeout longer than one piece is waited in pieces, then fires once', async () => {
    let fired = 0;
    const started = Date.now();
    new LongTimer(120, () => fired++, 25);
    await sleep(80);
    assert.equal(fired, 0);
    await sleep(150);
    assert.equal(fired, 1);
    assert.ok(Date.now() - started >= 120);
  });

  test('stop() cancels it', async () => {
    let fired = false;
    new LongTimer(30, () => (fired = true), 10).stop();
    await sleep(80);
    assert.equal(fired, false);
  });

  describe('a step with timeout_seconds 3,000,000 (34 days)', () => {
    let t: ITestServer;
    before(async () => (t = await startTestServer()));
    after(() => t.server.stop());

    test('runs to the end instead of being killed at once', async () => {
      const headers = {
        authorization: t.authHeader,
        'content-type': 'application/json'
      };
      const res = await fetch(`${t.baseUrl}/api/runs`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          notebook: notebook(
            [step('long', 'import time\ntime.sleep(0.5)\nprint("done")')],
            {
              version: 1,
              steps: { long: { timeout_seconds: 3_000_000 } }
            }
          )
        })
      });
      let run = (await res.json()) as IRunRecord;
      assert.equal(res.status, 201, JSON.stringify(run));
      while (!['succeeded', 'failed', 'cancelled'].includes(run.status)) {
        await sleep(50);
        run = (await (
          await fetch(`${t.baseUrl}/api/runs/${run.id}`, { headers })
        ).json()) as IRunRecord;
      }
      assert.equal(run.status, 'succeeded', JSON.stringify(run.steps[0].error));
    });
  });
});
