// Start-up of the `cellpipe` command, as different installs run it (issue 14):
// for each variant, the median of 5 (taken in turns with the other variants) of
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
import { fileURLToPath } from 'node:url';

import { listeningPort } from './serverProcess.mjs';

const RUNS = 5;
const TOKEN = 'bench-startup';
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

function start({ argv, home }, extra) {
  return spawn(argv[0], [...argv.slice(1), ...extra], {
    // A store of its own per variant: not a developer's ~/.cellpipe, and not
    // one a newer variant migrated past what an older one can open.
    env: { ...process.env, CELLPIPE_HOME: home, CELLPIPE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe']
  });
}

async function coldStart(variant) {
  const started = performance.now();
  const child = start(variant, ['serve', '--port', '0', '--token', TOKEN]);
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

async function help(variant) {
  const started = performance.now();
  const child = start(variant, ['--help']);
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

try {
  // Round robin: the machine is shared, so each round samples every variant
  // at nearly the same moment and a busy spell weighs on all of them alike.
  const all = variants().map((v, i) => ({
    ...v,
    home: join(HOME, String(i)),
    cold: [],
    help: []
  }));
  for (let round = 0; round < RUNS; round++) {
    for (const v of all) {
      v.cold.push(await coldStart(v));
      v.help.push(await help(v));
    }
  }
  for (const { label, cold, help: helps } of all) {
    console.log(
      `${label}: cold start to /api/health ${median(cold).toFixed(0)} ms, ` +
        `--help ${median(helps).toFixed(0)} ms (median of ${RUNS})`
    );
  }
} finally {
  rmSync(HOME, { recursive: true, force: true });
}
