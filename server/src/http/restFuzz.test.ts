import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { PROXY_TOKEN_HEADER } from '../auth/TokenAuth.js';
import {
  startTestServer,
  TEST_TOKEN,
  type ITestServer
} from '../testing/testServer.js';

const REQUESTS = 5000;
const PARALLEL = 8;
const ROUTES = [
  'DELETE /api/deployments/:name',
  'DELETE /api/runs/:id',
  'GET /api/cluster',
  'GET /api/deployments',
  'GET /api/deployments/:name',
  'GET /api/health',
  'GET /api/runs',
  'GET /api/runs/:id',
  'GET /api/runs/:id/artifacts',
  'GET /api/runs/:id/artifacts/:step/:name',
  'GET /api/runs/:id/outputs',
  'GET /api/runs/:id/steps/:step/logs',
  'GET /api/version',
  'PATCH /api/runs/:id',
  'POST /api/deployments',
  'POST /api/deployments/:name/predict',
  'POST /api/pipelines/compile',
  'POST /api/runs',
  'POST /api/runs/:id/cancel',
  'POST /api/runs/:id/resume',
  'POST /api/runs/move-notebook'
];
const METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'HEAD',
  'TRACE'
];
const FIELDS = [
  'notebook',
  'cells',
  'parameters',
  'name',
  'target',
  'cache',
  'title',
  'forceSteps',
  'instances',
  'inputs',
  'run',
  'step',
  'artifact',
  'metadata',
  'cellpipe',
  'source',
  'from',
  'to',
  '__proto__',
  'constructor'
];
const ODD = [
  '',
  '%',
  '%E0%A4%A',
  '..%2F..%2Fetc',
  '😀',
  'a'.repeat(5000),
  '\u0000',
  '1e400',
  '-1',
  'null',
  ' ',
  '%00',
  '..'
];

/** Header values must be printable ASCII for Node to send them at all. */
const HEADER_ODD = ODD.filter(v => /^[\x20-\x7e]*$/.test(v) && v.length < 1000);

/** mulberry32: a seeded generator, so a failure can be replayed from its seed. */
function generator(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick };
}
type Gen = ReturnType<typeof generator>;

function value(g: Gen, depth: number): unknown {
  const kind = depth <= 0 ? g.int(5) : g.int(8);
  switch (kind) {
    case 0:
      return g.pick([null, true, false]);
    case 1:
      return g.pick([0, -1, 1.5, 2 ** 53, 1e308, -1e-308, g.int(1e6)]);
    case 2:
      return g.pick([...ODD, ...FIELDS]);
    case 3:
      return g.pick(['local', 'kubernetes', 'x'.repeat(g.int(300))]);
    case 4:
      return {};
    case 5:
      return Array.from({ length: g.int(4) }, () => value(g, depth - 1));
    default:
      return Object.fromEntries(
        Array.from({ length: g.int(5) }, () => [
          g.pick(FIELDS),
          value(g, depth - 1)
        ])
      );
  }
}

function body(g: Gen): string | undefined {
  switch (g.int(7)) {
    case 0:
      return undefined;
    case 1:
      return '{"notebook": ' + '['.repeat(g.int(3000)); // cut off, maybe deep
    case 2: {
      const d = 1 + g.int(200);
      return '{"notebook":' + '['.repeat(d) + ']'.repeat(d) + '}';
    }
    case 3:
      return Buffer.from(
        Array.from({ length: g.int(200) }, () => g.int(256))
      ).toString('latin1');
    case 4:
      return JSON.stringify({
        notebook: {
          nbformat: 4,
          nbformat_minor: 5,
          metadata: value(g, 3),
          cells: [value(g, 4)]
        },
        parameters: value(g, 2)
      });
    default:
      return JSON.stringify(value(g, 1 + g.int(6)));
  }
}

function path(g: Gen, runId: string): { method: string; path: string } {
  const [routeMethod, template] = g.pick(ROUTES).split(' ');
  const filled = template.replace(/:(\w+)/g, (_m, name: string) =>
    name === 'id' && g.next() < 0.4 ? runId : g.pick(ODD) || 'x'
  );
  const query =
    g.next() < 0.3
      ? `?${g.pick(['limit', 'after', 'follow', 'status', 'q', '_xsrf', 'token'])}=${g.pick(ODD)}`
      : '';
  return {
    method: g.next() < 0.8 ? routeMethod : g.pick(METHODS),
    path: filled + query
  };
}

function headers(g: Gen): Record<string, string> {
  const h: Record<string, string> = {};
  if (g.next() < 0.85) {
    h.authorization = `token ${TEST_TOKEN}`;
  } else {
    h[PROXY_TOKEN_HEADER] = TEST_TOKEN;
    h.cookie = `_xsrf=${g.pick(HEADER_ODD)}`;
    h['x-xsrftoken'] = g.pick(HEADER_ODD);
  }
  h['content-type'] = g.pick([
    'application/json',
    'application/json; charset=utf-16',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=latin1'
  ]);
  if (g.next() < 0.2)
    h.origin = g.pick(['null', 'http://evil.example', 'garbage']);
  if (g.next() < 0.1)
    h['content-encoding'] = g.pick(['gzip', 'br', 'identity', 'bogus']);
  if (g.next() < 0.1) h.accept = 'text/event-stream';
  return h;
}

describe('REST fuzz: generated requests against the real app', () => {
  let t: ITestServer;
  let runId = 'r-none';
  const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });
  before(async () => {
    t = await startTestServer();
    const res = await fetch(`${t.baseUrl}/api/runs`, {
      method: 'POST',
      headers: {
        authorization: t.authHeader,
        'content-type': 'application/json'
      },
      body: JSON.stringify({
        notebook: {
          nbformat: 4,
          nbformat_minor: 5,
          metadata: {},
          cells: [
            {
              cell_type: 'code',
              id: 'a',
              metadata: { cellpipe: { step: 'a' } },
              source: 'x = 1',
              outputs: [],
              execution_count: null
            },
            {
              cell_type: 'code',
              id: 'b',
              metadata: { cellpipe: { step: 'b' } },
              source: 'y = x',
              outputs: [],
              execution_count: null
            }
          ]
        }
      })
    });
    runId = ((await res.json()) as { id: string }).id;
  });
  after(async () => {
    agent.destroy();
    await t.server.stop();
  });

  /** One request; a kept-alive socket the server closed meanwhile is retried once on a new one. */
  const send = (
    method: string,
    p: string,
    h: Record<string, string>,
    b: string | undefined,
    reuse = true
  ): Promise<number> =>
    new Promise<number>(resolve => {
      const req = request(
        `${t.baseUrl}${p}`,
        { method, headers: h, agent: reuse ? agent : false, timeout: 20_000 },
        res => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(res.statusCode ?? 0));
        }
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err: Error) => {
        if (err.message === 'timeout') {
          resolve(-1);
        } else {
          resolve(reuse ? send(method, p, h, b, false) : 0);
        }
      });
      req.end(b);
    });

  test(`${REQUESTS} requests: no 5xx, no hang, and the server still answers`, async () => {
    const seed = Number(process.env.CELLPIPE_FUZZ_SEED ?? 16);
    const g = generator(seed);
    const cases = Array.from({ length: REQUESTS }, () => {
      const { method, path: p } = path(g, runId);
      return { method, path: p, headers: headers(g), body: body(g) };
    });
    const counts = new Map<number, number>();
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < cases.length) {
          const c = cases[next++];
          const status = await send(
            c.method,
            c.path,
            c.headers,
            c.method === 'GET' || c.method === 'HEAD' ? undefined : c.body
          );
          counts.set(status, (counts.get(status) ?? 0) + 1);
          if (status >= 500 || status <= 0) {
            failures.push(
              `${status} ${c.method} ${c.path.slice(0, 120)} body=${String(c.body).slice(0, 120)}`
            );
          }
        }
      })
    );
    console.log(
      `fuzz seed ${seed}: ${[...counts]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`
    );
    assert.deepEqual(failures.slice(0, 10), []);
    const health = await fetch(`${t.baseUrl}/api/health`, {
      headers: { authorization: t.authHeader }
    });
    assert.equal(health.status, 200);
  });
});
