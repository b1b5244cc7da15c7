import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { IErrorBody } from '../contract/wire.js';
import { notebook, step } from '../testing/notebooks.js';
import {
  jsonBody,
  startTestServer,
  type ITestServer
} from '../testing/testServer.js';

/** A cluster nobody listens on: the lease can never be taken. */
function unreachableKubeconfig(): string {
  const file = join(
    mkdtempSync(join(tmpdir(), 'cellpipe-ready-')),
    'kubeconfig'
  );
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: ready}}]
current-context: x
users: [{name: u, user: {token: abc}}]
`
  );
  return file;
}

describe('GET /api/ready, the probe route without a token', () => {
  let alone: ITestServer;
  let standby: ITestServer;
  before(async () => {
    alone = await startTestServer();
    standby = await startTestServer({
      kubernetes: { kubeconfig: unreachableKubeconfig() },
      leaderLease: { name: 'cellpipe-leader', leaseMs: 3000 }
    });
  });
  after(async () => {
    await alone.server.stop();
    await standby.server.stop();
  });

  test('a server without a leader lease is ready, and the probe needs no token', async () => {
    const res = await fetch(`${alone.baseUrl}/api/ready`);
    assert.equal(res.status, 200);
    assert.deepEqual(await jsonBody(res), { status: 'ok' });
  });

  test('every other route still needs the token, health and ready sub-paths included', async () => {
    for (const [method, path] of [
      ['GET', '/api/health'],
      ['GET', '/api/ready/x'],
      ['POST', '/api/ready'],
      ['GET', '/api/runs']
    ]) {
      const res = await fetch(`${alone.baseUrl}${path}`, { method });
      assert.equal(res.status, 401, `${method} ${path}`);
    }
  });

  test('a standby (lease not held) is not ready: 503, kind standby, nothing else said', async () => {
    const res = await fetch(`${standby.baseUrl}/api/ready`);
    assert.equal(res.status, 503);
    const { error: body } = (await jsonBody(res)) as IErrorBody;
    assert.equal(body.kind, 'standby');
    assert.doesNotMatch(body.message, /127\.0\.0\.1|ready\b/);
  });

  test('a standby refuses a run with 503 and says who drives the runs', async () => {
    const res = await fetch(`${standby.baseUrl}/api/runs`, {
      method: 'POST',
      headers: {
        authorization: standby.authHeader,
        'content-type': 'application/json'
      },
      body: JSON.stringify({ notebook: notebook([step('a', 'x = 1')]) })
    });
    assert.equal(res.status, 503);
    const { error: body } = (await jsonBody(res)) as IErrorBody;
    assert.equal(body.kind, 'standby');
    assert.match(body.message, /standby: the leader lease "cellpipe-leader"/);
  });
});
