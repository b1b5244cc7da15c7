// Start-up of the `cellpipe` command, as different installs run it (issue 14):
// for each variant, the median of 5 of
//  - cold start: spawning `cellpipe serve --port 0` to the first 200 on /api/health;
//  - `cellpipe --help` wall time (spawn to exit).
// A variant is `LABEL=COMMAND...`, the command that stands for `cellpipe`, e.g.
//   node bench/startup.mjs 'checkout, Node 24=node bin/cellpipe' \
//     'wheel=/tmp/venv/bin/cellpipe'
// Without arguments: this checkout's bin/cellpipe on the Node running this script.
// scripts/bench-install.sh runs it on the before/after variants (Node 20 and 24).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const RUNS = 5;
const TOKEN = 'bench-startup';
const LISTENING = /^Cellpipe server listening on http:\/\/[^/]+:(\d+)\/$/;
const HOME = mkdtempSync(join(tmpdir(), 'cellpipe-bench-startup-'));

function variants() {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    const cli = fileURLToPath(new URL('../bin/cellpipe', import.meta.url));
    return [
      {
        label: `checkout, Node ${process.versions.node}`,
        argv: [process.execPath, cli]
      }
    ];
  }
  return args.map(arg => {
    const at = arg.indexOf('=');
    if (at < 1) throw new Error(`variant ${arg}: expected LABEL=COMMAND`);
    return {
      label: arg.slice(0, at),
      argv: arg
        .slice(at + 1)
        .split(' ')
        .filter(Boolean)
    };
  });
}

function start(argv, extra) {
  return spawn(argv[0], [...argv.slice(1), ...extra], {
    // A store of its own: the benchmark must not open a developer's ~/.cellpipe.
    env: { ...process.env, CELLPIPE_HOME: HOME, CELLPIPE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe']
  });
}

async function listeningPort(child) {
  const lines = createInterface({ input: child.stdout });
  let stderr = '';
  child.stderr.on('data', chunk => (stderr += chunk));
  const exit = once(child, 'exit').then(([code]) => {
    throw new Error(`server exited with ${code} before listening: ${stderr}`);
  });
  const line = (async () => {
    for await (const text of lines) {
      const match = LISTENING.exec(text);
      if (match) return Number(match[1]);
    }
    throw new Error('stdout closed before the listening line');
  })();
  return Promise.race([line, exit]);
}

async function coldStart(argv) {
  const started = performance.now();
  const child = start(argv, ['serve', '--port', '0', '--token', TOKEN]);
  try {
    const port = await listeningPort(child);
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, {
      headers: { authorization: `token ${TOKEN}` }
    });
    await res.text();
    if (res.status !== 200)
      throw new Error(`/api/health answered ${res.status}`);
    return performance.now() - started;
  } finally {
    const exited = once(child, 'exit');
    if (child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    await exited.catch(() => {});
  }
}

async function help(argv) {
  const started = performance.now();
  const child = start(argv, ['--help']);
  let out = '';
  child.stdout.on('data', chunk => (out += chunk));
  child.stderr.resume();
  const [code] = await once(child, 'exit');
  if (code !== 0 || !out.includes('Usage: cellpipe')) {
    throw new Error(`--help exited ${code}: ${out}`);
  }
  return performance.now() - started;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function medianOf(fn) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) samples.push(await fn());
  return median(samples);
}

try {
  for (const { label, argv } of variants()) {
    const cold = await medianOf(() => coldStart(argv));
    const helpMs = await medianOf(() => help(argv));
    console.log(
      `${label}: cold start to /api/health ${cold.toFixed(0)} ms, ` +
        `--help ${helpMs.toFixed(0)} ms (median of ${RUNS})`
    );
  }
} finally {
  rmSync(HOME, { recursive: true, force: true });
}
