// Websocket fan-out: 200 clients on 127.0.0.1 subscribed to one run, 2,000
// envelopes published through the EventBus; latency from publish to receipt
// for every (client, event). The clients run in worker threads so that the
// server's event loop (this thread) only does the server's work.
//
//   node bench/wsFanout.mjs [--clients=200] [--events=2000] [--rate=1000]
//                           [--workers=4]
// --rate is envelopes per second, published in 10 ms slices; 0 = one burst.
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Worker,
  isMainThread,
  parentPort,
  workerData
} from 'node:worker_threads';

import { pino } from 'pino';
import { WebSocket } from 'ws';

import { EventBus } from '../dist/events/EventBus.js';
import { EVENTS_PATH, WsHub } from '../dist/events/WsHub.js';
import { TokenAuth } from '../dist/auth/TokenAuth.js';
import { MemoryEventLog } from '../dist/testing/MemoryEventLog.js';

const TOKEN = 'bench';
const RUN_ID = 'bench';

/** Absolute milliseconds, comparable across worker threads. */
const now = () => performance.timeOrigin + performance.now();

function parseArgs() {
  const args = { clients: 200, events: 2000, rate: 1000, workers: 4 };
  for (const arg of process.argv.slice(2)) {
    const match = /^--(\w+)=(\d+)$/.exec(arg);
    if (!match || !(match[1] in args)) {
      throw new Error(`unknown argument ${arg}`);
    }
    args[match[1]] = Number(match[2]);
  }
  return args;
}

/* ---- worker: clients ------------------------------------------------ */

function openClient(url, events, latencies, offset) {
  return new Promise((subscribed, fail) => {
    let received = 0;
    let lastSeq = 0;
    let finish;
    const done = new Promise(resolve => (finish = resolve));
    const ws = new WebSocket(url);
    ws.on('error', fail);
    ws.on('message', data => {
      const message = JSON.parse(data);
      if (message.type === 'hello') {
        const channel = `run:${RUN_ID}`;
        ws.send(JSON.stringify({ type: 'subscribe', channel }));
      } else if (message.type === 'subscribed') {
        subscribed({ ws, done });
      } else if (message.type === 'event') {
        const { seq, event } = message.envelope;
        if (seq <= lastSeq) {
          fail(new Error(`seq ${seq} after ${lastSeq}`));
        }
        lastSeq = seq;
        latencies[offset + received] = now() - Number(event.log.line);
        if (++received === events) {
          finish(received);
        }
      }
    });
  });
}

async function runWorker({ url, clients, events }) {
  const latencies = new Float64Array(clients * events).fill(NaN);
  const opened = [];
  for (let i = 0; i < clients; i++) {
    opened.push(await openClient(url, events, latencies, i * events));
  }
  parentPort.postMessage({ type: 'ready' });
  const delivered = await Promise.all(opened.map(client => client.done));
  opened.forEach(({ ws }) => ws.terminate());
  parentPort.postMessage(
    {
      type: 'done',
      delivered: delivered.reduce((a, b) => a + b, 0),
      latencies
    },
    [latencies.buffer]
  );
}

/* ---- main: server, publisher, report --------------------------------- */

async function startServer() {
  const bus = new EventBus();
  const log = new MemoryEventLog();
  const hub = new WsHub({
    auth: new TokenAuth(TOKEN),
    version: 'bench',
    logger: pino({ level: 'warn' }),
    heartbeatMs: 60_000,
    maxPayload: 64 * 1024,
    bus,
    events: log
  });
  const server = createServer((_req, res) => res.writeHead(404).end());
  hub.attach(server);
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${server.address().port}${EVENTS_PATH}?token=${TOKEN}`;
  const stop = async () => {
    await hub.stop();
    await new Promise(resolve => server.close(resolve));
  };
  return { bus, log, hub, url, stop };
}

function startWorkers(url, { clients, events, workers }) {
  const perWorker = Math.ceil(clients / workers);
  return Array.from({ length: workers }, (_, i) => {
    const count = Math.min(perWorker, clients - i * perWorker);
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { url, clients: count, events }
    });
    const message = type =>
      new Promise((resolve, reject) => {
        worker.on('message', m => m.type === type && resolve(m));
        worker.once('error', reject);
      });
    return { ready: message('ready'), done: message('done') };
  });
}

/** Publishes `perSlice` envelopes every 10 ms on an absolute schedule. */
async function publish({ bus, log }, { events, rate }) {
  const perSlice = rate === 0 ? events : Math.max(1, Math.round(rate / 100));
  const start = performance.now();
  for (let sent = 0, slice = 1; sent < events; slice++) {
    for (const end = Math.min(events, sent + perSlice); sent < end;) {
      sent++;
      const line = String(now());
      const event = {
        type: 'step.log',
        runId: RUN_ID,
        log: { step: 'train', seq: sent, stream: 'stdout', line, at: '' }
      };
      bus.publish(log.append(event, RUN_ID));
    }
    await sleep(Math.max(0, start + slice * 10 - performance.now()));
  }
}

function percentile(sorted, p) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function main() {
  const args = parseArgs();
  const server = await startServer();
  const workers = startWorkers(server.url, args);
  await Promise.all(workers.map(w => w.ready));
  const started = performance.now();
  await publish(server, args);
  const results = await Promise.all(workers.map(w => w.done));
  const elapsed = performance.now() - started;
  await server.stop();

  const all = new Float64Array(args.clients * args.events);
  let offset = 0;
  let delivered = 0;
  for (const result of results) {
    all.set(result.latencies, offset);
    offset += result.latencies.length;
    delivered += result.delivered;
  }
  all.sort();
  const fmt = ms => `${ms.toFixed(2)} ms`;
  const expected = args.clients * args.events;
  const pace = args.rate === 0 ? 'one burst' : `${args.rate}/s`;
  console.log(
    `ws fan-out: ${args.clients} clients (${args.workers} worker threads), ` +
      `${args.events} envelopes published at ${pace}`
  );
  console.log(
    `delivered ${delivered} of ${expected} events in ${fmt(elapsed)}`
  );
  console.log(
    `latency publish -> receipt: p50 ${fmt(percentile(all, 50))}, ` +
      `p99 ${fmt(percentile(all, 99))}, max ${fmt(all[all.length - 1])}`
  );
  if (delivered !== expected || Number.isNaN(all[all.length - 1])) {
    process.exitCode = 1;
  }
}

if (isMainThread) {
  await main();
} else {
  await runWorker(workerData);
}
