// The model server (runtime/model_server.py) serving a scikit-learn model:
// cold start, then sequential latency and concurrent throughput of KServe V1
// and V2 (Open Inference Protocol) requests of 1 and 100 rows, every answer
// checked against the model's own predictions, then how it stops on SIGTERM.
// Needs scikit-learn in `$CELLPIPE_PYTHON`, else in the `python3` on PATH:
//   PATH=/work/main/.venv/bin:$PATH npm run bench:model-server
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const PYTHON = process.env.CELLPIPE_PYTHON || 'python3';
const RUNTIME = fileURLToPath(new URL('../runtime/', import.meta.url));
const NAME = 'bench';
const FEATURES = 20;
const ROWS = 100;
const WARMUP = 50;
const SEQUENTIAL = 500;
const CLIENTS = 8;
const THROUGHPUT_MS = 3000;
const LISTENING = /^cellpipe-model-server listening on (http:\/\/\S+:\d+)$/;

// Trains the model, saves it as a step outputting `model` would (the
// harness's own writer: joblib file and sidecar), and writes the query rows
// with the model's predictions for them.
const PREPARE = `
import json, sys
runtime, model_dir, expected = sys.argv[1:4]
sys.path.insert(0, runtime)
import harness
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

X, y = make_classification(n_samples=1000 + ${ROWS}, n_features=${FEATURES},
                           n_informative=10, random_state=0)
model = LogisticRegression(max_iter=1000, random_state=0).fit(X[:1000], y[:1000])

class Recorder:
    def emit(self, event, **fields):
        pass

harness._save_output("model", {"model": model}, model_dir, Recorder())
rows = X[1000:]
with open(expected, "w") as file:
    json.dump({"rows": rows.tolist(), "predictions": model.predict(rows).tolist()}, file)
`;

const ms = x => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function run(file, args) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 120_000 }, (err, stdout, stderr) =>
      err
        ? reject(new Error(`${file} failed: ${err.message}\n${stderr}`))
        : resolve()
    );
  });
}

/** One request; resolves with { status, body (parsed JSON) }. */
function ask(base, agent, method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        timeout: 10_000,
        headers: data
          ? {
              'content-type': 'application/json',
              'content-length': data.length
            }
          : {}
      },
      res => {
        const chunks = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          try {
            const text = Buffer.concat(chunks).toString();
            resolve({ status: res.statusCode, body: JSON.parse(text) });
          } catch (err) {
            reject(err);
          }
        });
        res.on('error', reject);
      }
    );
    req.on('timeout', () => req.destroy(new Error(`${path} timed out`)));
    req.on('error', reject);
    req.end(data);
  });
}

const work = mkdtempSync(join(tmpdir(), 'cellpipe-bench-model-'));
const modelDir = join(work, 'model');
mkdirSync(modelDir);
const expectedFile = join(work, 'expected.json');
const benchStarted = performance.now();
let server;

try {
  let t0 = performance.now();
  await run(PYTHON, ['-c', PREPARE, RUNTIME, modelDir, expectedFile]);
  const prepareTime = performance.now() - t0;
  const { rows, predictions } = JSON.parse(readFileSync(expectedFile, 'utf8'));
  const classes = {};
  for (const p of predictions) {
    classes[p] = (classes[p] ?? 0) + 1;
  }
  const perClass = Object.entries(classes)
    .map(([label, n]) => `${n} of class ${label}`)
    .join(', ');
  console.log(
    `model: LogisticRegression, ${FEATURES} features, trained and saved in ${ms(prepareTime)}; ` +
      `${ROWS} query rows predicted as ${perClass}; ${cpus().length} cores, ${PYTHON}`
  );

  // Cold start: spawn -> listening line -> first 200 on the model's ready.
  t0 = performance.now();
  server = spawn(
    PYTHON,
    [
      join(RUNTIME, 'model_server.py'),
      '--model-dir',
      modelDir,
      '--name',
      NAME,
      '--port',
      '0'
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  const exited = once(server, 'exit');
  const closed = once(server, 'close');
  // The server logs every answer to stderr: drain it, keep the tail for errors.
  const stderrTail = [];
  let tracebacks = 0;
  let stoppedAt;
  createInterface({ input: server.stderr }).on('line', line => {
    if (line.startsWith('Traceback')) {
      tracebacks++;
    }
    if (line === 'cellpipe-model-server: stopped') {
      stoppedAt = performance.now();
    }
    stderrTail.push(line);
    if (stderrTail.length > 20) {
      stderrTail.shift();
    }
  });
  const base = await Promise.race([
    (async () => {
      for await (const line of createInterface({ input: server.stdout })) {
        const match = LISTENING.exec(line);
        if (match) {
          return match[1];
        }
        throw new Error(`unexpected line on the server's stdout: ${line}`);
      }
      throw new Error('stdout closed before the listening line');
    })(),
    exited.then(([code]) => {
      throw new Error(
        `server exited with ${code} before listening:\n${stderrTail.join('\n')}`
      );
    })
  ]);
  const listening = performance.now() - t0;
  let extraStdout = 0; // the listening line is all the server prints there
  server.stdout.on('data', chunk => (extraStdout += chunk.length)).resume();
  let ready;
  for (;;) {
    const res = await ask(base, false, 'GET', `/v2/models/${NAME}/ready`).catch(
      () => null
    );
    if (res?.status === 200 && res.body.ready === true) {
      ready = performance.now() - t0;
      break;
    }
    if (performance.now() - t0 > 30_000) {
      throw new Error('the model was not ready within 30 s');
    }
    await new Promise(resolve => setTimeout(resolve, 5));
  }

  // Request bodies and their checks: the 1-row requests go through the query
  // rows one by one, the 100-row requests send all of them.
  const v1 = (first, n) => ({
    path: `/v1/models/${NAME}:predict`,
    body: JSON.stringify({ instances: rows.slice(first, first + n) }),
    check: doc =>
      isDeepStrictEqual(doc.predictions, predictions.slice(first, first + n))
  });
  const v2 = (first, n) => ({
    path: `/v2/models/${NAME}/infer`,
    body: JSON.stringify({
      inputs: [
        {
          name: 'input-0',
          shape: [n, FEATURES],
          datatype: 'FP64',
          data: rows.slice(first, first + n).flat()
        }
      ]
    }),
    check: doc =>
      doc.outputs?.length === 1 &&
      doc.outputs[0].name === 'predict' &&
      isDeepStrictEqual(doc.outputs[0].shape, [n]) &&
      isDeepStrictEqual(
        doc.outputs[0].data,
        predictions.slice(first, first + n)
      )
  });
  const cases = [
    { name: 'V1', rows: 1, requests: rows.map((_, i) => v1(i, 1)) },
    { name: 'V1', rows: ROWS, requests: [v1(0, ROWS)] },
    { name: 'V2', rows: 1, requests: rows.map((_, i) => v2(i, 1)) },
    { name: 'V2', rows: ROWS, requests: [v2(0, ROWS)] }
  ];

  let answered = 0;
  /** One checked request; resolves with its wall time in ms. */
  async function timed(agent, req) {
    const started = performance.now();
    const res = await ask(base, agent, 'POST', req.path, req.body);
    const took = performance.now() - started;
    if (res.status !== 200 || !req.check(res.body)) {
      throw new Error(
        `${req.path} answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`
      );
    }
    answered++;
    return took;
  }

  t0 = performance.now();
  await timed(false, v2(0, 1));
  const firstInfer = performance.now() - t0;
  console.log(
    `cold start: listening line ${ms(listening)}, model ready ${ms(ready)} after spawn; ` +
      `first V2 infer (new connection) ${ms(firstInfer)}`
  );

  const one = new Agent({ keepAlive: true, maxSockets: 1 });
  const many = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const sequential = async (c, n) => {
    const times = [];
    for (let i = 0; i < n; i++) {
      times.push(await timed(one, c.requests[i % c.requests.length]));
    }
    return times;
  };
  // CLIENTS kept-alive connections, each sending its next request as soon as
  // its last one is answered; resolves with how many each had answered.
  const concurrent = (c, until) =>
    Promise.all(
      Array.from({ length: CLIENTS }, async (_, k) => {
        let done = 0;
        for (let i = k; performance.now() < until; i += CLIENTS) {
          await timed(many, c.requests[i % c.requests.length]);
          done++;
        }
        return done;
      })
    );

  // Every case once before any is measured: without this, whichever case
  // comes first is measured slower (both processes still warming up).
  for (const c of cases) {
    await sequential(c, WARMUP);
    await concurrent(c, performance.now() + 300);
  }

  const results = [];
  for (const c of cases) {
    await sequential(c, WARMUP);
    const times = (await sequential(c, SEQUENTIAL)).sort((a, b) => a - b);
    await concurrent(c, performance.now() + 300);
    const started = performance.now();
    const counts = await concurrent(c, started + THROUGHPUT_MS);
    const elapsed = (performance.now() - started) / 1000;
    const total = counts.reduce((a, b) => a + b, 0);
    results.push({
      ...c,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      rps: total / elapsed
    });
  }

  const header = [
    'protocol',
    'rows/req',
    `p50 (${SEQUENTIAL} seq)`,
    'p99',
    `req/s (${CLIENTS} conns)`,
    'rows/s'
  ];
  const table = [
    header,
    ...results.map(r => [
      r.name,
      String(r.rows),
      ms(r.p50),
      ms(r.p99),
      r.rps.toFixed(0),
      (r.rps * r.rows).toFixed(0)
    ])
  ];
  const widths = header.map((_, i) =>
    Math.max(...table.map(line => line[i].length))
  );
  for (const line of table) {
    console.log(
      line
        .map((cell, i) =>
          i < 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])
        )
        .join('  ')
    );
  }

  // SIGTERM with the benchmark's kept-alive connections still open and idle.
  t0 = performance.now();
  server.kill('SIGTERM');
  const [code, signal] = await exited;
  const exitTime = performance.now() - t0;
  await closed;
  one.destroy();
  many.destroy();
  console.log(
    `${answered} answers, all 200 and equal to the model's predictions; ` +
      `${tracebacks} tracebacks on the server's stderr, ${extraStdout} more bytes on its stdout`
  );
  console.log(
    `SIGTERM: exited with ${code ?? `signal ${signal}`} after ${ms(exitTime)}` +
      (stoppedAt ? ` ('stopped' logged after ${ms(stoppedAt - t0)})` : '') +
      (code === 0 ? '' : `\n${stderrTail.join('\n')}`)
  );
  console.log(
    `bench total ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`
  );
} finally {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
  }
  rmSync(work, { recursive: true, force: true });
}
