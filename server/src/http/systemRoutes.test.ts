import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { VERSION } from '../version.js';
import {
  jsonBody,
  startTestServer,
  type ITestServer
} from '../testing/testServer.js';
import { API_VERSION, type IVersionInfo } from '../contract/wire.js';

const packageJson = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
) as { version: string };

describe('system routes', () => {
  let ctx: ITestServer;
  before(async () => (ctx = await startTestServer()));
  after(() => ctx.server.stop());

  const get = (path: string): Promise<Response> =>
    fetch(`${ctx.baseUrl}${path}`, {
      headers: { authorization: ctx.authHeader }
    });

  test('GET /api/health reports ok', async () => {
    const res = await get('/api/health');
    assert.equal(res.status, 200);
    assert.deepEqual(await jsonBody(res), { status: 'ok' });
  });

  test('GET /api/version reports the package.json version, API version, executors and deploy targets', async () => {
    const res = await get('/api/version');
    assert.equal(res.status, 200);
    const body = (await jsonBody(res)) as IVersionInfo;
    assert.deepEqual(
      { ...body, executors: body.executors.slice(0, 1) },
      {
        name: 'cellpipe',
        version: packageJson.version,
        apiVersion: API_VERSION,
        executors: [{ name: 'local', available: true }],
        defaultTarget: 'local',
        deployTargets: ['local', 'kubernetes'],
        runtime: {
          node: process.versions.node,
          serverDir: fileURLToPath(new URL('../..', import.meta.url)).replace(
            /\/$/,
            ''
          ),
          entry: process.argv[1]
        }
      }
    );
    // Offered always; available when this machine has a kubeconfig.
    assert.equal(body.executors[1].name, 'kubernetes');
  });

  test('VERSION is the package.json version', () => {
    assert.equal(VERSION, packageJson.version);
    assert.match(VERSION, /^\d+\.\d+\.\d+/);
  });

  test('no X-Powered-By header is sent', async () => {
    const res = await get('/api/health');
    assert.equal(res.headers.get('x-powered-by'), null);
    await res.body?.cancel();
  });
});
