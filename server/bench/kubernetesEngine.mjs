// The Kubernetes executor at fan-out scale: a real `cellpipe serve`, as the
// test user bound only to docs/kubernetes-rbac.yaml in a fresh namespace of
// the test control plane (server/test/cluster; kwok plays the kubelet, so
// pods run no code), runs one root step, --width parallel steps reading its
// variable and one join step reading all of theirs. Printed:
//  - when Jobs appear (admin watch arrival; creationTimestamp is whole
//    seconds) and the run's wall time;
//  - pod transition seen by an admin watch -> the server's step.updated on
//    the websocket, both arrival times taken here on one clock;
//  - the server's RSS at the end;
//  - the server's API requests per step from the API server's audit log
//    (which records only the test user), and what it asks while idle.
//
//   CELLPIPE_TEST_KUBECONFIG=~/.cache/cellpipe/cluster/admin.kubeconfig \
//     node bench/kubernetesEngine.mjs [--width=198] [--ready=100] [--complete=500]
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Watch } from '@kubernetes/client-node';
import { WebSocket } from 'ws';

import { MANAGED_SELECTOR } from '../dist/executors/kubernetes/jobSpec.js';
import { exited } from '../dist/testing/cliProcess.js';
import { startCliServer } from '../dist/testing/cliServer.js';
import { notebook, step } from '../dist/testing/notebooks.js';
import {
  ARTIFACTS_CLAIM,
  kwokTiming,
  TEST_KUBECONFIG,
  TEST_USER,
  TestNamespace,
  USER_KUBECONFIG
} from '../dist/testing/testCluster.js';

const TOKEN = 'bench';
const RUN_TIMEOUT_MS = 10 * 60_000;
// Long enough for a poll of a few seconds' period to show up.
const IDLE_MS = 15_000;

function parseArgs() {
  const args = { width: 198, ready: 100, complete: 500 };
  for (const arg of process.argv.slice(2)) {
    const match = /^--(\w+)=(\d+)$/.exec(arg);
    if (!match || !(match[1] in args)) {
      throw new Error(`unknown argument ${arg}`);
    }
    args[match[1]] = Number(match[2]);
  }
  return args;
}

const now = () => performance.now();
const ms = x => `${x.toFixed(0)} ms`;
function percentile(sorted, p) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}
function spread(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return `p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1))} (n=${sorted.length})`;
}

/** root -> f000..fNNN (each reads x) -> join (reads every y). */
function fanOut({ width, ready, complete }) {
  const names = Array.from(
    { length: width },
    (_, i) => `f${String(i).padStart(3, '0')}`
  );
  const cells = [
    step('root', 'x = 1'),
    ...names.map((name, i) => step(name, `y${i} = x + ${i}`)),
    step('join', `total = sum([${names.map((_, i) => `y${i}`).join(', ')}])`)
  ];
  const defaults = { kubernetes_pod_annotations: kwokTiming(ready, complete) };
  return notebook(cells, { version: 1, defaults });
}

/**
 * Admin watches on the namespace's managed Jobs and Pods, started before
 * the run, recording when each transition arrives here. The API server may
 * close a watch under load (it did, at 200 steps): it is resumed from the
 * last resourceVersion, so no transition is missed, and the bench says so.
 */
async function watchCluster(ns) {
  const seen = {
    jobAdded: new Map(),
    jobComplete: new Map(),
    podRunning: new Map(),
    podSucceeded: new Map(),
    restarts: []
  };
  const first = (map, key, at) => map.has(key) || map.set(key, at);
  const watch = new Watch(ns.kc);
  const requests = new Map();
  let stopped = false;
  const open = async (path, onObject) => {
    let version;
    const start = async () => {
      if (stopped) {
        return;
      }
      const query = { labelSelector: MANAGED_SELECTOR };
      if (version) {
        query.resourceVersion = version;
      }
      const request = await watch.watch(
        path,
        query,
        (type, obj) => {
          if (type === 'ERROR') {
            // 410 Gone: the version is too old; start over (first arrivals are kept).
            version = undefined;
            return;
          }
          version = obj.metadata.resourceVersion;
          onObject(obj, now());
        },
        err => {
          if (stopped) {
            return;
          }
          const kind = path.split('/').at(-1);
          seen.restarts.push(`${kind}: ${err?.message ?? 'closed'}`);
          setTimeout(start, 100);
        }
      );
      requests.set(path, request);
    };
    await start();
  };
  await Promise.all([
    open(`/apis/batch/v1/namespaces/${ns.name}/jobs`, (job, at) => {
      const name = job.metadata.labels['cellpipe.io/step'];
      first(seen.jobAdded, name, at);
      const conditions = job.status?.conditions ?? [];
      if (conditions.some(c => c.type === 'Complete' && c.status === 'True')) {
        first(seen.jobComplete, name, at);
      }
    }),
    open(`/api/v1/namespaces/${ns.name}/pods`, (pod, at) => {
      const name = pod.metadata.labels['cellpipe.io/step'];
      const phase = pod.status?.phase;
      // The server's own test (podStatus.podStarted) for "the try started".
      if (phase === 'Running' || phase === 'Succeeded') {
        first(seen.podRunning, name, at);
      }
      if (phase === 'Succeeded') {
        first(seen.podSucceeded, name, at);
      }
    })
  ]);
  const stop = () => {
    stopped = true;
    requests.forEach(r => r.abort());
  };
  return { seen, stop };
}

async function startServer(ns) {
  const home = mkdtempSync(join(tmpdir(), 'cellpipe-bench-home-'));
  const work = mkdtempSync(join(tmpdir(), 'cellpipe-bench-work-'));
  const server = await startCliServer(
    TOKEN,
    [
      '--kubeconfig',
      USER_KUBECONFIG,
      '--namespace',
      ns.name,
      '--artifacts-claim',
      ARTIFACTS_CLAIM
    ],
    { CELLPIPE_HOME: home, PWD: work },
    work,
    30_000
  );
  const api = async (method, path, body) => {
    const { status, body: json } = await server.call(method, path, body);
    if (status >= 400) {
      throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`);
    }
    return json;
  };
  return { cli: server.cli, port: server.port, api };
}

/** Websocket client: first arrival of each step status, and the run's end. */
async function openEvents(port) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events?token=${TOKEN}`);
  const seen = {
    running: new Map(),
    succeeded: new Map(),
    final: new Map(),
    stdout: new Map(),
    other: []
  };
  let hello;
  let runEnded;
  const ended = new Promise(resolve => (runEnded = resolve));
  const greeted = new Promise((resolve, reject) => {
    hello = resolve;
    ws.once('error', reject);
  });
  ws.on('message', data => {
    const at = now();
    const message = JSON.parse(data);
    if (message.type === 'hello') {
      hello(message.seq);
    } else if (message.type === 'event') {
      const event = message.envelope.event;
      if (event.type === 'step.updated') {
        const { name, status } = event.step;
        seen.final.set(name, event.step);
        const timed = status === 'running' || status === 'succeeded';
        if (timed && !seen[status].has(name)) {
          seen[status].set(name, at);
        }
      } else if (event.type === 'step.log') {
        const { step, stream, line } = event.log;
        if (stream === 'stdout') {
          seen.stdout.set(step, (seen.stdout.get(step) ?? 0) + 1);
        } else {
          seen.other.push(`${step}: ${line}`);
        }
      } else if (
        event.type === 'run.updated' &&
        ['succeeded', 'failed', 'cancelled'].includes(event.run.status)
      ) {
        runEnded({ at, run: event.run });
      }
    }
  });
  const seq = await greeted;
  // Replays from before the POST, so nothing between it and the subscribe is lost.
  const subscribe = runId =>
    ws.send(
      JSON.stringify({ type: 'subscribe', channel: `run:${runId}`, since: seq })
    );
  return { seen, ended, subscribe, close: () => ws.terminate() };
}

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = key =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** The audit log only holds the test user's requests (audit-policy.yaml). */
const AUDIT_LOG = join(dirname(TEST_KUBECONFIG ?? '.'), 'logs', 'audit.log');
const auditOffset = () => statSync(AUDIT_LOG).size;

/** Requests (distinct auditIDs) whose first record lies in [from, to) of the log. */
function auditRequests(from, to, known = new Set()) {
  const text = readFileSync(AUDIT_LOG).subarray(from, to).toString('utf8');
  const requests = new Map();
  for (const line of text.split('\n')) {
    if (!line) {
      continue;
    }
    const entry = JSON.parse(line);
    if (entry.user?.username !== TEST_USER || known.has(entry.auditID)) {
      continue;
    }
    const ref = entry.objectRef ?? {};
    const resource = ref.subresource
      ? `${ref.resource}/${ref.subresource}`
      : (ref.resource ?? entry.requestURI);
    const request = requests.get(entry.auditID) ?? {
      key: `${entry.verb} ${resource}`,
      code: null
    };
    request.code = entry.responseStatus?.code ?? request.code;
    requests.set(entry.auditID, request);
  }
  return requests;
}

function tally(requests, by) {
  const counts = new Map();
  for (const request of requests.values()) {
    const key = by(request);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function report({ args, t0, cluster, events, end, rss, audit, idle }) {
  const steps = args.width + 2;
  const fan = [...cluster.jobAdded].filter(([n]) => /^f\d+$/.test(n));
  const fanAdded = fan.map(([, at]) => at);
  // Steps follow their pods (not the Job controller's Complete), so measure from the pods.
  const rootDone = cluster.podSucceeded.get('root');
  const lastFanDone = Math.max(
    ...[...cluster.podSucceeded]
      .filter(([n]) => /^f\d+$/.test(n))
      .map(([, at]) => at)
  );
  const allAdded = Math.max(...cluster.jobAdded.values());
  const join = cluster.jobAdded.get('join');
  console.log(
    `kubernetes engine: ${steps}-step fan-out (root -> ${args.width} -> join) on kwok, ` +
      `pods Running after ${args.ready}-${2 * args.ready} ms, Succeeded ${args.complete}-${2 * args.complete} ms later`
  );
  console.log(
    `run ${end.run.status} in ${ms(end.at - t0)} (POST -> run.updated ${end.run.status}); ` +
      `${cluster.jobAdded.size} of ${steps} Jobs created, the last ${ms(allAdded - t0)} after the POST`
  );
  console.log(
    `  POST -> root Job ${ms(cluster.jobAdded.get('root') - t0)}; ` +
      `root pod Succeeded -> ${fan.length} fan-out Jobs: first ${ms(Math.min(...fanAdded) - rootDone)}, all ${ms(Math.max(...fanAdded) - rootDone)}; ` +
      `last fan-out pod Succeeded -> join Job ${join === undefined ? 'never' : ms(join - lastFanDone)}`
  );
  const lag = (from, to) =>
    [...to].filter(([n]) => from.has(n)).map(([n, at]) => at - from.get(n));
  console.log(
    `pod Running (watch) -> ws step running: ${spread(lag(cluster.podRunning, events.running))}`
  );
  console.log(
    `pod Succeeded (watch) -> ws step succeeded: ${spread(lag(cluster.podSucceeded, events.succeeded))}`
  );
  // The server reports success from the pod, not from the Job controller's
  // Complete condition, so this is how much earlier than the controller it is.
  console.log(
    `  ws step succeeded ahead of Job Complete (watch): ${spread(lag(events.succeeded, cluster.jobComplete))}`
  );
  // kwok answers every pod's log with the same lines (up.sh's pod.log).
  const lines = [...events.stdout.values()];
  console.log(
    `log lines on the websocket: stdout ${lines.reduce((a, b) => a + b, 0)} from ${lines.length} steps ` +
      `(per step min ${Math.min(...lines)}, max ${Math.max(...lines)}); ` +
      `other lines ${events.other.length}${events.other.length ? `, e.g. "${events.other[0]}"` : ''}`
  );
  console.log(
    `server memory at the end: RSS ${rss.rss.toFixed(0)} MiB, peak ${rss.peak.toFixed(0)} MiB`
  );
  const per = n => (n / steps).toFixed(2);
  console.log(
    `API requests by the server during the run: ${audit.size} (${per(audit.size)} per step)`
  );
  for (const [key, n] of tally(audit, r => r.key)) {
    console.log(`  ${key.padEnd(28)} ${String(n).padStart(5)}  ${per(n)}/step`);
  }
  const failedCodes = tally(audit, r => r.code).filter(([c]) => c >= 300);
  console.log(
    `  non-2xx responses: ${failedCodes.length === 0 ? 'none' : failedCodes.map(([c, n]) => `${n} x ${c}`).join(', ')}`
  );
  const verbs = requests =>
    ['list', 'watch'].map(
      v =>
        `${v} ${[...requests.values()].filter(r => r.key.startsWith(`${v} `)).length}`
    );
  console.log(
    `  list/watch during the run: ${verbs(audit).join(', ')}; ` +
      `in the next ${IDLE_MS / 1000} s idle: ${idle.size} requests (${verbs(idle).join(', ')})`
  );
}

async function main() {
  if (!TEST_KUBECONFIG) {
    throw new Error(
      'set CELLPIPE_TEST_KUBECONFIG to the test control plane (server/test/cluster/up.sh)'
    );
  }
  const args = parseArgs();
  const started = now();
  const ns = await TestNamespace.create('bench-k8s');
  let server;
  let cluster;
  let events;
  let progress;
  try {
    await ns.bindMinimalRole();
    cluster = await watchCluster(ns);
    server = await startServer(ns);
    events = await openEvents(server.port);

    const auditFrom = auditOffset();
    const t0 = now();
    const run = await server.api('POST', '/runs', {
      notebook: fanOut(args),
      name: 'bench-fan-out',
      target: 'kubernetes',
      cache: false
    });
    events.subscribe(run.id);
    // Progress on stderr, so a slow or stuck run shows where it is.
    progress = setInterval(() => {
      const c = cluster.seen;
      const e = events.seen;
      process.stderr.write(
        `  ${((now() - t0) / 1000).toFixed(0)} s: Jobs ${c.jobAdded.size} (Complete ${c.jobComplete.size}), ` +
          `pods Running ${c.podRunning.size} Succeeded ${c.podSucceeded.size}; ` +
          `ws running ${e.running.size} succeeded ${e.succeeded.size}\n`
      );
    }, 5_000);
    const end = await Promise.race([
      events.ended,
      // Unref'd: a finished run must not wait for this timer to exit.
      sleep(RUN_TIMEOUT_MS, null, { ref: false }).then(() => ({
        at: now(),
        run: { status: 'timed out' }
      }))
    ]);
    clearInterval(progress);
    const rss = memory(server.cli.child.pid);
    // Audit records are written as requests finish; give the last ones a moment.
    await sleep(1_000);
    const auditTo = auditOffset();
    await sleep(IDLE_MS);
    const audit = auditRequests(auditFrom, auditTo);
    const idle = auditRequests(auditTo, auditOffset(), new Set(audit.keys()));

    report({
      args,
      t0,
      cluster: cluster.seen,
      events: events.seen,
      end,
      rss,
      audit,
      idle
    });
    const problems = [...events.seen.final.values()].filter(
      s => s.status !== 'succeeded'
    );
    if (end.run.status !== 'succeeded' || problems.length > 0) {
      process.exitCode = 1;
      const reason = end.run.reason ?? '';
      console.log(`run ${end.run.status}: ${reason.slice(0, 200)}`);
      for (const s of problems.slice(0, 10)) {
        console.log(`  step ${s.name}: ${s.status} ${s.reason ?? ''}`);
      }
    }
    if (cluster.seen.restarts.length > 0) {
      const restarts = cluster.seen.restarts;
      console.log(
        `admin watches resumed ${restarts.length} x: ${restarts.join('; ')}`
      );
    }
    const warnings = server.cli.stderr().trim();
    if (warnings) {
      const lines = warnings.split('\n');
      console.log(`server stderr (${lines.length} lines, first 5):`);
      lines.slice(0, 5).forEach(line => console.log(`  ${line}`));
    }
  } finally {
    clearInterval(progress);
    events?.close();
    cluster?.stop();
    if (server) {
      server.cli.child.kill('SIGTERM');
      await exited(server.cli.child);
    }
    await ns.delete();
  }
  console.log(`bench took ${((now() - started) / 1000).toFixed(1)} s`);
}

await main();
