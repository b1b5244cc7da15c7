import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import type { IRunRecord } from '../contract/wire.js';
import { exited, killIfRunning } from '../testing/cliProcess.js';
import { type ICliServer, startCliServer } from '../testing/cliServer.js';
import {
  applyToNamespace,
  pollUntil,
  readyStatus,
  renderKustomization,
  serviceAccountToken,
  tokenKubeconfig
} from '../testing/inCluster.js';
import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  slowMiddlePipeline,
  TestNamespace
} from '../testing/testCluster.js';

const skip = clusterSkip();
const TOKEN = 'service-account-server-token';
const JUPYTER_ORIGIN = 'http://127.0.0.1:8888';
const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What JupyterLab's Cellpipe extension does with `serverUrl` set (its
 * src/api/): from JupyterLab's origin, check the version, start the run,
 * follow it on the websocket. Prints `run <id>`, then one line per event.
 */
const JUPYTERLAB_STAND_IN = `
import WebSocket from 'ws';
const [url, token, origin, body] = process.argv.slice(1);
const headers = { Authorization: 'token ' + token, Origin: origin, 'Content-Type': 'application/json' };
const pre = await fetch(url + 'api/runs', { method: 'OPTIONS', headers: {
  Origin: origin, 'Access-Control-Request-Method': 'POST',
  'Access-Control-Request-Headers': 'authorization,content-type' } });
if (pre.headers.get('access-control-allow-origin') !== origin) throw new Error('CORS refused');
const version = await (await fetch(url + 'api/version', { headers })).json();
if (version.name !== 'cellpipe') throw new Error('not a Cellpipe server');
const res = await fetch(url + 'api/runs', { method: 'POST', headers, body });
const run = await res.json();
if (res.status !== 201) throw new Error(JSON.stringify(run));
console.log('run ' + run.id);
const ws = new WebSocket(url.replace('http', 'ws') + 'api/events?token=' + token, { origin });
ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel: 'run:' + run.id })));
ws.on('message', m => console.log('event ' + String(m).slice(0, 80)));
`;

describe("a server with only its ServiceAccount's token", { skip }, () => {
  let ns: TestNamespace;
  let server: ICliServer | undefined;
  before(async () => {
    ns = await TestNamespace.create('sa-server');
  });
  after(async () => {
    if (server) {
      killIfRunning(server.cli.child);
    }
    await ns.delete();
  });

  test('drives a pipeline to the end while the JupyterLab that started it is stopped mid-run', async () => {
    const rbac = (await renderKustomization()).filter(o =>
      ['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind!)
    );
    await applyToNamespace(ns, rbac);
    // As the kubelet gets it for the server's pod.
    const kubeconfig = tokenKubeconfig(ns, await serviceAccountToken(ns));
    server = await startCliServer(
      TOKEN,
      [
        '--kubeconfig',
        kubeconfig,
        '--artifacts-claim',
        ARTIFACTS_CLAIM,
        '--leader-lease',
        'cellpipe-leader',
        '--allow-origin',
        JUPYTER_ORIGIN
      ],
      { CELLPIPE_HOME: mkdtempSync(join(tmpdir(), 'cellpipe-sa-home-')) }
    );
    const port = server.port;
    await pollUntil(
      () => readyStatus(port),
      s => s === 200,
      15_000,
      'the lease'
    );

    const lab = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        JUPYTERLAB_STAND_IN,
        `http://127.0.0.1:${port}/`,
        TOKEN,
        JUPYTER_ORIGIN,
        JSON.stringify({
          notebook: slowMiddlePipeline(6_000),
          target: 'kubernetes',
          cache: false
        })
      ],
      { cwd: SERVER_DIR, stdio: ['ignore', 'pipe', 'inherit'] }
    );
    const lines: string[] = [];
    createInterface({ input: lab.stdout }).on('line', l => lines.push(l));
    try {
      await pollUntil(
        () => Promise.resolve(lines.filter(l => l.startsWith('event ')).length),
        n => n > 0,
        20_000,
        'JupyterLab to start the run and follow it'
      );
      const id = lines.find(l => l.startsWith('run '))!.slice(4);
      const get = async () =>
        (await server!.call<IRunRecord>('GET', `/runs/${id}`)).body;
      await pollUntil(
        get,
        r => r.steps.find(s => s.name === 'slow')!.status === 'running',
        20_000,
        'slow to run'
      );
      lab.kill('SIGKILL');
      await exited(lab);
      assert.equal((await get()).status, 'running', 'stopped mid-run');

      const done = await pollUntil(
        get,
        r => ['succeeded', 'failed', 'cancelled'].includes(r.status),
        60_000,
        'the run to finish'
      );
      assert.equal(done.status, 'succeeded', done.reason ?? '');
      assert.deepEqual(
        done.steps.map(s => s.status),
        ['succeeded', 'succeeded', 'succeeded']
      );
      assert.equal((await ns.jobs(id)).length, 3);
    } finally {
      killIfRunning(lab);
    }
    server.cli.child.kill('SIGTERM');
    assert.equal(await exited(server.cli.child), 0);
  });
});
