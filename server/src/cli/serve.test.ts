import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';

import {
  exited,
  killIfRunning,
  listeningPort,
  spawnCli
} from '../testing/cliProcess.js';
import { notebook, step } from '../testing/notebooks.js';
import { closed, openSocket } from '../testing/sockets.js';

describe('cellpipe serve', () => {
  const children: ChildProcess[] = [];
  afterEach(() => children.splice(0).forEach(killIfRunning));

  const serve = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const cli = spawnCli(['serve', ...args], env);
    children.push(cli.child);
    return cli;
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} closes websockets with 1001 and exits 0 within 2 s`, async () => {
      const cli = serve(['--port', '0', '--token', 't']);
      const port = await listeningPort(cli);
      const { ws, messages } = await openSocket(
        `ws://127.0.0.1:${port}/api/events`,
        { headers: { authorization: 'token t' } }
      );
      await messages.next();
      const whenClosed = closed(ws);
      const whenExited = exited(cli.child);
      const sentAt = Date.now();
      process.kill(cli.child.pid!, signal);
      assert.equal((await whenClosed).code, 1001);
      assert.equal(await whenExited, 0);
      assert.ok(Date.now() - sentAt < 2000, 'exit took 2 s or more');
    });
  }

  test('prints exactly the listening line when the token is given', async () => {
    const cli = serve(['--port', '0', '--token', 't']);
    const port = await listeningPort(cli);
    await fetch(`http://127.0.0.1:${port}/api/health`).then(r => r.text());
    assert.deepEqual(cli.lines, [
      `Cellpipe server listening on http://127.0.0.1:${port}/`
    ]);
  });

  test('takes the token from CELLPIPE_TOKEN without printing it', async () => {
    const cli = serve(['--port', '0'], { CELLPIPE_TOKEN: 'from-env' });
    const port = await listeningPort(cli, 60_000); // re-executes: two Node starts
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, {
      headers: { authorization: 'token from-env' }
    });
    assert.equal(res.status, 200);
    assert.equal(cli.lines.length, 1);
  });

  test('generates and prints a 32-byte token when none is given', async () => {
    const cli = serve(['--port', '0']);
    const port = await listeningPort(cli);
    const deadline = Date.now() + 2000;
    while (cli.lines.length < 2 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    const match = /^Token: ([0-9a-f]{64})$/.exec(cli.lines[1] ?? '');
    assert.ok(match, `no token line in ${JSON.stringify(cli.lines)}`);
    const res = await fetch(`http://127.0.0.1:${port}/api/version`, {
      headers: { authorization: `Bearer ${match[1]}` }
    });
    assert.equal(res.status, 200);
  });

  /** What a step's code could read of its parent: argv and the starting environment. */
  const exposed = (pid: number) =>
    readFileSync(`/proc/${pid}/cmdline`, 'utf8') +
    readFileSync(`/proc/${pid}/environ`, 'utf8');

  test('--token-file reads the token, deletes the file, and leaves it out of /proc', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cellpipe-tok-')), 'token');
    writeFileSync(file, 'from-a-file-7d1e\n', { mode: 0o600 });
    const cli = serve(['--port', '0', '--token-file', file]);
    const port = await listeningPort(cli);
    assert.equal(existsSync(file), false);
    const res = await fetch(`http://127.0.0.1:${port}/api/version`, {
      headers: { authorization: 'token from-a-file-7d1e' }
    });
    assert.equal(res.status, 200);
    assert.ok(!exposed(cli.child.pid!).includes('from-a-file-7d1e'));
    assert.equal(cli.lines.length, 1, 'the token is not printed');
  });

  test('with CELLPIPE_TOKEN: it answers with the token, which is in no /proc of it or of a step', async () => {
    const token = 'from-env-3b9f0c41';
    const cli = serve(['--port', '0'], { CELLPIPE_TOKEN: token });
    // Two Node starts (the re-exec); a loaded CI machine needs the time.
    const port = await listeningPort(cli, 60_000);
    const pid = cli.child.pid!;
    assert.ok(!exposed(pid).includes(token), 'the token is in its /proc');
    assert.ok(!exposed(pid).includes('CELLPIPE_TOKEN='));
    assert.equal(cli.lines.length, 1, 'the token is not printed');
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${port}/api${path}`, {
        method,
        headers: {
          authorization: `token ${token}`,
          'content-type': 'application/json'
        },
        body: body === undefined ? undefined : JSON.stringify(body)
      }).then(async r => ({
        status: r.status,
        body: (await r.json()) as Record<string, unknown>
      }));
    assert.equal((await call('GET', '/version')).status, 200);
    // The step looks at its environment and at every ancestor's /proc.
    const probe = [
      'import os',
      `secret = ${JSON.stringify(token)}.encode()`,
      'found, pid = [], os.getpid()',
      'while pid > 1:',
      '    for part in ("environ", "cmdline"):',
      '        try:',
      '            data = open(f"/proc/{pid}/{part}", "rb").read()',
      '        except OSError:',
      '            continue',
      '        if secret in data or b"CELLPIPE_TOKEN=" in data:',
      '            found.append(f"{pid}/{part}")',
      '    pid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])',
      'print("ancestors checked; token found in:", found, "env has it:", "CELLPIPE_TOKEN" in os.environ)'
    ].join('\n');
    const created = await call('POST', '/runs', {
      notebook: notebook([step('probe', probe)]),
      target: 'local'
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const runId = created.body.id as string;
    let status = 'queued';
    for (let i = 0; i < 300 && !['succeeded', 'failed'].includes(status); i++) {
      await new Promise(r => setTimeout(r, 100));
      status = (await call('GET', `/runs/${runId}`)).body.status as string;
    }
    assert.equal(status, 'succeeded');
    const logs = await call('GET', `/runs/${runId}/steps/probe/logs`);
    const text = (logs.body.lines as { line: string }[])
      .map(l => l.line)
      .join('\n');
    assert.match(
      text,
      /ancestors checked; token found in: \[\] env has it: False/
    );
  });

  test('--write-token hands a new token over in a 0600 file, printed nowhere', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cellpipe-tok-')), 'token');
    const cli = serve(['--port', '0', '--write-token', file]);
    const port = await listeningPort(cli);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const token = readFileSync(file, 'utf8');
    assert.match(token, /^[0-9a-f]{64}$/);
    const res = await fetch(`http://127.0.0.1:${port}/api/version`, {
      headers: { 'x-cellpipe-proxy-token': token }
    });
    assert.equal(res.status, 200);
    assert.ok(!exposed(cli.child.pid!).includes(token));
    assert.ok(!cli.lines.join('\n').includes(token));
  });

  test('an empty or missing --token-file is a usage error', async () => {
    const cli = serve(['--port', '0', '--token-file', '/nonexistent/token']);
    assert.equal(await exited(cli.child), 2);
    assert.match(cli.stderr(), /ENOENT.*\/nonexistent\/token/);
  });

  for (const port of ['abc', '-1', '65536', '80.5']) {
    test(`--port ${port} is a usage error: exit 2 with a clear message`, async () => {
      const cli = serve(['--port', port]);
      assert.equal(await exited(cli.child), 2);
      assert.match(cli.stderr(), /Expected an integer from 0 to 65535/);
      assert.deepEqual(cli.lines, []);
    });
  }

  test('a port in use exits 1 with a clear message', async () => {
    const first = serve(['--port', '0', '--token', 't']);
    const port = await listeningPort(first);
    const second = serve(['--port', String(port), '--token', 't']);
    assert.equal(await exited(second.child), 1);
    assert.match(
      second.stderr(),
      /cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/
    );
  });
});
