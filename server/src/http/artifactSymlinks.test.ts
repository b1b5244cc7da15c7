import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';

import type { IRunRecord } from '../contract/wire.js';
import { notebook, step } from '../testing/notebooks.js';
import { startTestServer, type ITestServer } from '../testing/testServer.js';

const SECRET = 'not-for-download-3f9a';

/**
 * A step that can write the artifact tree (a pod on the shared volume, or
 * local code) swaps what it wrote for a link: the download must not follow
 * it anywhere (issue 16, finding 3).
 */
describe('artifact downloads never leave the run folder', () => {
  let t: ITestServer;
  let home: string;
  let outside: string;
  let run: IRunRecord;
  let stepDir: string;
  let file: string;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'cellpipe-home-'));
    t = await startTestServer({ home });
    outside = mkdtempSync(join(tmpdir(), 'cellpipe-outside-'));
    writeFileSync(join(outside, 'secret.txt'), SECRET);
    const created = await call('POST', '/runs', {
      notebook: notebook([
        step('make', 'data = b"the artifact"'),
        step('use', 'size = len(data)')
      ])
    });
    run = (await created.json()) as IRunRecord;
    while (!['succeeded', 'failed'].includes(run.status)) {
      await new Promise(r => setTimeout(r, 50));
      run = (await (await call('GET', `/runs/${run.id}`)).json()) as IRunRecord;
    }
    assert.equal(run.status, 'succeeded');
    stepDir = join(home, 'artifacts', run.id, 'make');
    file = readdirSync(stepDir).find(
      f => f.startsWith('data.') && !f.endsWith('.json')
    )!;
    renameSync(join(stepDir, file), join(stepDir, `${file}.orig`));
  });
  after(() => t.server.stop());

  function call(method: string, path: string, body?: unknown) {
    return fetch(`${t.baseUrl}/api${path}`, {
      method,
      headers: {
        authorization: t.authHeader,
        'content-type': 'application/json'
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }
  const download = () => call('GET', `/runs/${run.id}/artifacts/make/data`);

  beforeEach(() =>
    rmSync(join(stepDir, file), { force: true, recursive: true })
  );

  const links: [string, () => string][] = [
    ['/etc/passwd', () => '/etc/passwd'],
    ['a file outside CELLPIPE_HOME', () => join(outside, 'secret.txt')],
    ['the store itself', () => join(home, 'cellpipe.db')],
    ['the artifact, by a relative link', () => `${file}.orig`]
  ];
  for (const [name, target] of links) {
    test(`an artifact replaced by a link to ${name} is refused (403)`, async () => {
      symlinkSync(target(), join(stepDir, file));
      const res = await download();
      const text = await res.text();
      assert.equal(res.status, 403, text);
      assert.match(text, /symbolic link: refused/);
      assert.ok(!text.includes(SECRET) && !text.includes('root:'));
    });
  }

  test('a step folder replaced by a link to a folder outside is refused', async () => {
    const real = `${stepDir}.real`;
    renameSync(stepDir, real);
    try {
      writeFileSync(join(outside, file), SECRET);
      symlinkSync(outside, stepDir);
      const res = await download();
      const text = await res.text();
      assert.equal(res.status, 403, text);
      assert.match(text, /leads outside/);
      assert.ok(!text.includes(SECRET));
    } finally {
      rmSync(stepDir, { force: true });
      renameSync(real, stepDir);
    }
  });

  test('a FIFO or a folder in its place is refused at once, not waited on', async () => {
    execFileSync('mkfifo', [join(stepDir, file)]);
    const started = Date.now();
    const fifo = await download();
    assert.equal(fifo.status, 403, await fifo.text());
    assert.ok(Date.now() - started < 2000);
    rmSync(join(stepDir, file));
    mkdirSync(join(stepDir, file));
    const folder = await download();
    assert.equal(folder.status, 403, await folder.text());
  });

  test('the real file is still served', async () => {
    renameSync(join(stepDir, `${file}.orig`), join(stepDir, file));
    try {
      const res = await download();
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/octet-stream');
      assert.match(res.headers.get('content-disposition') ?? '', /attachment/);
      assert.equal(
        Buffer.from(await res.arrayBuffer()).includes('the artifact'),
        true
      );
    } finally {
      renameSync(join(stepDir, file), join(stepDir, `${file}.orig`));
    }
  });
});
