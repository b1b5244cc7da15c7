import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';

import { CLI_PATH } from '../testing/cliProcess.js';
import { notebook, step } from '../testing/notebooks.js';

/**
 * What a command loads (docs/engine.md, "What loads lazily"): each run of
 * the real CLI gets a module hook that writes every URL Node loaded to a
 * file when the process exits.
 */
const dir = mkdtempSync(join(tmpdir(), 'cellpipe-lazy-'));
const RECORDER = join(dir, 'record.mjs');
writeFileSync(
  RECORDER,
  `import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const urls = [];
registerHooks({ load(url, context, next) { urls.push(url); return next(url, context); } });
process.on('exit', () => writeFileSync(process.env.CELLPIPE_TEST_LOADED, urls.join('\\n')));
`
);
const HEAVY = {
  kubernetes: '/node_modules/@kubernetes/client-node/',
  ws: '/node_modules/ws/',
  zod: '/node_modules/zod/',
  pino: '/node_modules/pino/'
};
let calls = 0;

function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const loaded = join(dir, `loaded-${++calls}.txt`);
  const child = spawn(
    process.execPath,
    ['--import', RECORDER, CLI_PATH, ...args],
    {
      cwd: dir,
      env: {
        ...process.env,
        CELLPIPE_HOME: mkdtempSync(join(dir, 'home-')),
        CELLPIPE_LOG_LEVEL: 'warn',
        // No kubeconfig unless a test gives one.
        KUBECONFIG: join(dir, 'no-such-kubeconfig'),
        ...env,
        CELLPIPE_TEST_LOADED: loaded
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  );
  const modules = (): string[] => readFileSync(loaded, 'utf8').split('\n');
  return { child, modules };
}

async function finish(args: string[]): Promise<string[]> {
  const { child, modules } = start(args);
  child.stdout.resume();
  child.stderr.resume();
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0, `cellpipe ${args.join(' ')} exited ${code}`);
  return modules();
}

function loads(modules: string[], what: keyof typeof HEAVY): boolean {
  return modules.some(url => url.includes(HEAVY[what]));
}

describe('lazy loading', () => {
  test('--help loads neither the Kubernetes client, ws, zod nor pino', async () => {
    const modules = await finish(['--help']);
    for (const heavy of Object.keys(HEAVY) as (keyof typeof HEAVY)[]) {
      assert.equal(loads(modules, heavy), false, `--help loaded ${heavy}`);
    }
  });

  test('compile loads neither the Kubernetes client nor the HTTP stack', async () => {
    const path = join(dir, 'two.ipynb');
    writeFileSync(
      path,
      JSON.stringify(notebook([step('a', 'x = 1'), step('b', 'y = x + 1')]))
    );
    const modules = await finish(['compile', path]);
    assert.equal(loads(modules, 'kubernetes'), false);
    assert.equal(loads(modules, 'ws'), false);
  });

  async function serve(env: NodeJS.ProcessEnv = {}) {
    const server = start(['serve', '--port', '0', '--token', 't'], env);
    server.child.stderr.resume();
    const lines = createInterface({ input: server.child.stdout });
    let port = 0;
    for await (const line of lines) {
      const match = /listening on http:\/\/[^/]+:(\d+)\//.exec(line);
      if (match) {
        port = Number(match[1]);
        break;
      }
    }
    const get = async (path: string): Promise<unknown> => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { authorization: 'token t' }
      });
      assert.equal(res.status, 200);
      return res.json();
    };
    const stop = async (): Promise<string[]> => {
      const exited = once(server.child, 'exit');
      server.child.kill('SIGTERM');
      await exited;
      return server.modules();
    };
    return { get, stop, port: () => port };
  }

  test('a server without a kubeconfig answers /api/health and /api/cluster without the Kubernetes client, and without ws before a websocket', async () => {
    const server = await serve();
    assert.deepEqual(await server.get('/api/health'), { status: 'ok' });
    const cluster = (await server.get('/api/cluster')) as {
      configured: boolean;
    };
    assert.equal(cluster.configured, false);
    const modules = await server.stop();
    assert.equal(loads(modules, 'kubernetes'), false);
    assert.equal(loads(modules, 'ws'), false);
  });

  test('the first websocket loads ws, and is greeted', async () => {
    const server = await serve();
    const socket = new WebSocket(
      `ws://127.0.0.1:${server.port()}/api/events?token=t`
    );
    const [message] = (await once(socket, 'message')) as [MessageEvent];
    const greeting = JSON.parse(String(message.data)) as { type: string };
    assert.equal(greeting.type, 'hello');
    socket.close();
    const modules = await server.stop();
    assert.equal(loads(modules, 'ws'), true);
  });

  test('with a kubeconfig, /api/cluster loads the client and asks the cluster', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    // An API server nobody listens on: refused at once.
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: lazy}}]
current-context: x
users: [{name: u, user: {token: abc}}]
`
    );
    const server = await serve({ KUBECONFIG: kubeconfig });
    const cluster = (await server.get('/api/cluster')) as {
      configured: boolean;
      reachable: boolean;
      namespace: string;
    };
    assert.equal(cluster.configured, true);
    assert.equal(cluster.reachable, false);
    assert.equal(cluster.namespace, 'lazy');
    const modules = await server.stop();
    assert.equal(loads(modules, 'kubernetes'), true);
  });
});
