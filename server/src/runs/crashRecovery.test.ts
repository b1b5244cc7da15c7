import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import type { IRunRecord } from '../contract/wire.js';
import { exited } from '../testing/cliProcess.js';
import { startCliServer } from '../testing/cliServer.js';
import { notebook, step } from '../testing/notebooks.js';
import { processGone, until } from '../testing/testEngine.js';

const TOKEN = 'crash-test-token';

async function startServer(home: string, cwd: string) {
  const server = await startCliServer(
    TOKEN,
    [],
    { CELLPIPE_HOME: home, PWD: cwd },
    cwd
  );
  const call = (method: string, path: string, body?: unknown) =>
    server.call<IRunRecord>(method, path, body);
  return { cli: server.cli, call };
}

describe('a server killed with SIGKILL during a run', () => {
  test('restarts with a consistent store, the run marked interrupted, and resume completes it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cellpipe-crash-home-'));
    const work = mkdtempSync(join(tmpdir(), 'cellpipe-crash-work-'));
    // The first time it runs, `slow` records its pid and sleeps; after that it is quick.
    const slow =
      'import os, time\nif not os.path.exists("slept"):\n    open("slept", "w").write(str(os.getpid()))\n    time.sleep(60)\nvalue = 4 + base';
    const nb = notebook([
      step('fast', 'base = 1\nprint("fast done")'),
      step('slow', slow),
      step('last', 'print("sum", base + value)')
    ]);

    const first = await startServer(home, work);
    const created = await first.call('POST', '/runs', {
      notebook: nb,
      notebookPath: 'crash.ipynb'
    });
    assert.equal(created.status, 201);
    const runId = created.body.id;
    await until(
      () => {
        try {
          return readFileSync(join(work, 'slept'), 'utf8').length > 0;
        } catch {
          return false;
        }
      },
      20_000,
      'the slow step to start'
    );
    const orphanPid = Number(readFileSync(join(work, 'slept'), 'utf8'));
    first.cli.child.kill('SIGKILL');
    assert.equal(await exited(first.cli.child), 'SIGKILL');
    assert.equal(
      processGone(orphanPid),
      false,
      'the step outlives the killed server'
    );

    const second = await startServer(home, work);
    try {
      const after = (await second.call('GET', `/runs/${runId}`)).body;
      assert.equal(after.status, 'failed');
      assert.equal(after.reason, 'server restarted');
      const byName = Object.fromEntries(after.steps.map(s => [s.name, s]));
      assert.equal(
        byName.fast.status,
        'succeeded',
        'what finished before the crash is kept'
      );
      assert.equal(byName.slow.status, 'failed');
      assert.equal(byName.slow.error?.kind, 'interrupted');
      assert.equal(byName.last.status, 'skipped');
      await until(
        () => processGone(orphanPid),
        5_000,
        'the orphaned step process to be stopped'
      );

      const resumed = await second.call('POST', `/runs/${runId}/resume`, {});
      assert.equal(resumed.status, 201);
      let done = resumed.body;
      for (
        let i = 0;
        i < 400 && ['queued', 'running'].includes(done.status);
        i++
      ) {
        await new Promise(r => setTimeout(r, 50));
        done = (await second.call('GET', `/runs/${resumed.body.id}`)).body;
      }
      assert.equal(done.status, 'succeeded', done.reason ?? '');
      assert.deepEqual(
        done.steps.map(s => [s.name, s.status]),
        [
          ['fast', 'cached'],
          ['slow', 'succeeded'],
          ['last', 'succeeded']
        ]
      );
    } finally {
      second.cli.child.kill('SIGTERM');
      await exited(second.cli.child);
    }
  });
});
