// One-click deploy through a real `cellpipe serve`: a pipeline run trains a
// scikit-learn model, then (five times) POST /api/deployments → ready
// ("click to ready": what the Deploy button waits for) and DELETE; then the
// latency and throughput of 1-row and 100-row predictions through the
// server's proxy (what the test form uses) and straight to the endpoint.
// Every answer is checked against the first one for the same rows.
//   PATH=/work/main/.venv/bin:$PATH npm run bench:deploy
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';

import { runCli } from '../dist/testing/cliProcess.js';
import { startCliServer } from '../dist/testing/cliServer.js';
import { trainingNotebook } from '../dist/testing/trainingNotebook.js';

const TOKEN = 'bench-deploy-token';
const DEPLOYS = 5;
const SEQUENTIAL = 300;
const CLIENTS = 8;
const THROUGHPUT_MS = 3000;

const ms = x => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const rows = n =>
  Array.from({ length: n }, (_, i) =>
    Array.from({ length: 4 }, (_, j) => Math.sin(i * 4 + j) * 2)
  );

async function trainedRun(call) {
  const created = await call('POST', '/runs', { notebook: trainingNotebook() });
  for (;;) {
    const { body } = await call('GET', `/runs/${created.body.id}`);
    if (['succeeded', 'failed', 'cancelled'].includes(body.status)) {
      if (body.status !== 'succeeded') throw new Error(`run ${body.status}`);
      return body;
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

async function clickToReady(call, run) {
  const times = [];
  const undeploys = [];
  for (let i = 0; i < DEPLOYS; i++) {
    const t0 = performance.now();
    const { status, body } = await call('POST', '/deployments', {
      runId: run.id,
      step: 'train',
      artifact: 'model',
      name: `bench-${i}`
    });
    if (status !== 201 || body.status !== 'ready') {
      throw new Error(`deploy: ${status} ${JSON.stringify(body)}`);
    }
    times.push(performance.now() - t0);
    const t1 = performance.now();
    await fetch(`http://127.0.0.1:${call.port}/api/deployments/bench-${i}`, {
      method: 'DELETE',
      headers: { authorization: `token ${TOKEN}` }
    });
    undeploys.push(performance.now() - t1);
  }
  return {
    times: times.sort((a, b) => a - b),
    undeploys: undeploys.sort((a, b) => a - b)
  };
}

/** Sequential latency, then CLIENTS concurrent loops for THROUGHPUT_MS. */
async function measure(send) {
  const reference = await send();
  const latencies = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t0 = performance.now();
    const answer = await send();
    latencies.push(performance.now() - t0);
    if (!isDeepStrictEqual(answer, reference))
      throw new Error('answers differ');
  }
  latencies.sort((a, b) => a - b);
  let done = 0;
  const end = performance.now() + THROUGHPUT_MS;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        await send();
        done++;
      }
    })
  );
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: done / (THROUGHPUT_MS / 1000)
  };
}

async function main() {
  const home = mkdtempSync(join(tmpdir(), 'cellpipe-bench-deploy-'));
  const server = await startCliServer(TOKEN, [], {
    ...process.env,
    CELLPIPE_HOME: home
  });
  const call = Object.assign(server.call, { port: server.port });
  try {
    const run = await trainedRun(call);
    const { times, undeploys } = await clickToReady(call, run);
    console.log(
      `click to ready (POST /api/deployments → ready, local, ${DEPLOYS}x): ` +
        `min ${ms(times[0])}, median ${ms(times[2])}, max ${ms(times[4])}; ` +
        `undeploy median ${ms(undeploys[2])}`
    );
    const { body: d } = await call('POST', '/deployments', {
      runId: run.id,
      step: 'train',
      artifact: 'model',
      name: 'bench'
    });
    // What a user calling the endpoint directly does (docs/serving.md).
    const endpointToken = (
      await runCli(['deployment-token', 'bench'], home)
    ).stdout.trim();
    for (const n of [1, 100]) {
      const body = JSON.stringify({ instances: rows(n) });
      const proxied = () =>
        fetch(`http://127.0.0.1:${server.port}/api/deployments/bench/predict`, {
          method: 'POST',
          headers: {
            authorization: `token ${TOKEN}`,
            'content-type': 'application/json'
          },
          body
        })
          .then(r => r.json())
          .then(a => a.body);
      const straight = () =>
        fetch(`${d.url}/v1/models/bench:predict`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${endpointToken}`,
            'content-type': 'application/json'
          },
          body
        }).then(r => r.json());
      for (const [label, send] of [
        ['proxy', proxied],
        ['endpoint', straight]
      ]) {
        const r = await measure(send);
        console.log(
          `V1 ${String(n).padStart(3)} row(s) via ${label.padEnd(8)}: p50 ${ms(r.p50)}, ` +
            `p99 ${ms(r.p99)}, ${Math.round(r.rps)} req/s on ${CLIENTS} connections`
        );
      }
    }
    await call('DELETE', '/deployments/bench').catch(() => {});
  } finally {
    server.cli.child.kill('SIGTERM');
    await new Promise(r => setTimeout(r, 1000));
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
