// The start-up goals of issue 17, side by side in one run: for each variant of
// `cellpipe`, the median of RUNS (taken in turns, so a busy spell on the shared
// machine weighs on all alike) of
//   - `node -e 0`, the floor every ratio is taken against;
//   - `cellpipe --help`;
//   - `cellpipe compile` of a one-cell notebook (what compile costs to start);
//   - `cellpipe compile` of a generated 300-cell, 30-step notebook;
//   - `cellpipe serve --port 0`, spawn to the first 200 on /api/health;
//   - `cellpipe run` of a 20-step chain whose every step is cached already;
// each with its ratio to `node -e 0` and its goal. A benchmark, not a test.
//   node bench/startGoals.mjs [--bundle] [--runs N] ['LABEL=COMMAND...' ...]
// Without variants: this checkout's bin/cellpipe. `--bundle` adds the wheel's
// bundle (bundle.mjs, built into a temporary folder laid out like the wheel).
// CELLPIPE_PYTHON is set to the real interpreter, as the wheel's console script
// sets it, so no variant pays a pyenv-style shim per command.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { notebook, step } from '../dist/testing/notebooks.js';
import { listeningPort } from './serverProcess.mjs';

const SERVER = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'bench-start-goals';
const WORK = mkdtempSync(join(tmpdir(), 'cellpipe-bench-goals-'));
const TIME = '/usr/bin/time';
const PYTHON = execFileSync(
  'python3',
  ['-c', 'import sys; print(sys.executable)'],
  { encoding: 'utf8' }
).trim();

/** [label, goal as a ratio to node -e 0 or in seconds]. */
const ROWS = {
  node: ['node -e 0', null],
  help: ['cellpipe --help', { ratio: 2.5 }],
  compileStart: ['cellpipe compile, 1 cell', { ratio: 2.5 }],
  compileBig: ['cellpipe compile, 300 cells / 30 steps', { seconds: 0.3 }],
  cold: ['serve: cold start to /api/health', { ratio: 3 }],
  cached: ['run: fully cached re-run, 20 steps', { seconds: 0.3 }]
};

function parseArgs() {
  const args = process.argv.slice(2);
  let runs = 5;
  let bundle = false;
  const variants = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--bundle') {
      bundle = true;
    } else if (args[i] === '--runs') {
      runs = Number(args[++i]);
    } else {
      const at = args[i].indexOf('=');
      if (at < 1) throw new Error(`variant ${args[i]}: expected LABEL=COMMAND`);
      variants.push({
        label: args[i].slice(0, at),
        argv: args[i]
          .slice(at + 1)
          .split(' ')
          .filter(Boolean)
      });
    }
  }
  if (variants.length === 0) {
    variants.push({
      label: 'checkout',
      argv: [process.execPath, join(SERVER, 'bin', 'cellpipe')]
    });
  }
  if (bundle) {
    variants.push({ label: 'bundle', argv: [process.execPath, makeBundle()] });
  }
  return { runs, variants };
}

/** The wheel's layout: dist/cellpipe.mjs with runtime/ and package.json around it. */
function makeBundle() {
  const place = join(WORK, 'bundle');
  execFileSync(process.execPath, [
    join(SERVER, 'bundle.mjs'),
    join(place, 'dist')
  ]);
  cpSync(join(SERVER, 'runtime'), join(place, 'runtime'), { recursive: true });
  cpSync(join(SERVER, 'package.json'), join(place, 'package.json'));
  return join(place, 'dist', 'cellpipe.mjs');
}

/** As bench/compile.mjs: each step reads what the one before made. */
function bigNotebook() {
  const cells = [
    { id: 'imports', source: 'import json\nimport math', tags: ['imports'] },
    {
      id: 'params',
      source: 'lr = 0.1\nepochs = 10',
      tags: ['pipeline-parameters']
    }
  ];
  for (let s = 0; s < 30; s++) {
    for (let c = 0; c < 10; c++) {
      const prev = s === 0 ? 'list(range(10))' : `v${s - 1}_9`;
      const source = [
        `def helper_${s}_${c}(a, b=lr):`,
        '    return [x * b for x in a if x > epochs]',
        `v${s}_${c} = helper_${s}_${c}(${c === 0 ? prev : `v${s}_${c - 1}`})`,
        `print(json.dumps({"n": len(v${s}_${c})}))`
      ].join('\n');
      const cell = c === 0 ? step(`step-${s}`, source) : { source };
      cells.push({ ...cell, id: `s${s}c${c}` });
    }
  }
  return notebook(cells);
}

function chainNotebook(steps) {
  const cells = [];
  for (let s = 0; s < steps; s++) {
    const source = s === 0 ? 'x0 = 0' : `x${s} = x${s - 1} + 1`;
    cells.push(step(`s${s}`, source));
  }
  return notebook(cells);
}

function writeNotebooks() {
  const files = {
    tiny: notebook([{ ...step('one', 'x = 1'), id: 'a' }]),
    big: bigNotebook(),
    chain: chainNotebook(20)
  };
  const paths = {};
  for (const [name, nb] of Object.entries(files)) {
    paths[name] = join(WORK, `${name}.ipynb`);
    writeFileSync(paths[name], JSON.stringify(nb));
  }
  return paths;
}

function spawnWith(argv, home, extra) {
  return spawn(argv[0], [...argv.slice(1), ...extra], {
    cwd: WORK,
    env: {
      ...process.env,
      CELLPIPE_HOME: home,
      CELLPIPE_PYTHON: PYTHON,
      CELLPIPE_LOG_LEVEL: 'warn'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  });
}

/**
 * Wall and CPU time (user + system, its children included) of a command to
 * its exit; throws when it fails. CPU time says more than wall time when the
 * shared machine is busy.
 */
async function timed(argv, home, extra, check = () => true) {
  const times = join(WORK, 'times');
  const started = performance.now();
  const child = spawnWith(
    [TIME, '-f', '%U %S', '-o', times, ...argv],
    home,
    extra
  );
  let out = '';
  let err = '';
  child.stdout.on('data', chunk => (out += chunk));
  child.stderr.on('data', chunk => (err += chunk));
  const [code] = await once(child, 'exit');
  const ms = performance.now() - started;
  if (code !== 0 || !check(out)) {
    throw new Error(`${extra.join(' ')} exited ${code}: ${out}${err}`);
  }
  const [user, system] = readFileSync(times, 'utf8').trim().split(' ');
  return { ms, cpu: (Number(user) + Number(system)) * 1000 };
}

/** User + system time of a running process so far, from /proc (clock ticks of 10 ms). */
function cpuSoFar(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // utime, stime, cutime, cstime are fields 14-17 of stat; 12-15 after the name.
  return fields.slice(11, 15).reduce((a, b) => a + Number(b), 0) * 10;
}

async function coldStart(argv, home) {
  const started = performance.now();
  const child = spawnWith(argv, home, [
    'serve',
    '--port',
    '0',
    '--token',
    TOKEN
  ]);
  try {
    const port = await listeningPort(child);
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, {
      headers: { authorization: `token ${TOKEN}` }
    });
    await res.text();
    if (res.status !== 200) throw new Error(`/api/health: ${res.status}`);
    return { ms: performance.now() - started, cpu: cpuSoFar(child.pid) };
  } finally {
    const exited = once(child, 'exit');
    if (child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    await exited;
  }
}

function samplers(notebooks) {
  const steps = n => out => (out.match(/^ {2}\S/gm) ?? []).length >= n;
  return {
    node: () => timed([process.execPath], WORK, ['-e', '0']),
    help: v =>
      timed(v.argv, v.home, ['--help'], out => out.includes('Usage: cellpipe')),
    compileStart: v =>
      timed(v.argv, v.home, ['compile', notebooks.tiny], steps(1)),
    compileBig: v =>
      timed(v.argv, v.home, ['compile', notebooks.big], steps(30)),
    cold: v => coldStart(v.argv, v.home),
    cached: v =>
      timed(v.argv, v.home, ['run', notebooks.chain], out =>
        out.includes('succeeded')
      )
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function verdict(ms, nodeMs, goal) {
  if (!goal) return '';
  const ok = goal.ratio ? ms <= goal.ratio * nodeMs : ms <= goal.seconds * 1000;
  const text = goal.ratio ? `<= ${goal.ratio}x` : `<= ${goal.seconds} s`;
  return `goal ${text}: ${ok ? 'met' : 'NOT met'}`;
}

function line(label, wall, cpu, nodeWall, nodeCpu, goal) {
  const ratio = (a, b) => `${(a / b).toFixed(1)}x`.padStart(6);
  return (
    `  ${label.padEnd(40)} ${wall.toFixed(0).padStart(5)} ms ${ratio(wall, nodeWall)}` +
    `   cpu ${cpu.toFixed(0).padStart(5)} ms ${ratio(cpu, nodeCpu)}   ${verdict(wall, nodeWall, goal)}`
  );
}

function report(variants, nodeSamples, runs, load) {
  const nodeMs = median(nodeSamples.map(s => s.ms));
  const nodeCpu = median(nodeSamples.map(s => s.cpu));
  console.log(
    `Node ${process.versions.node}; median of ${runs}; wall time (ratio to node -e 0), ` +
      `then CPU time (user + system); load average ${load} before, ${loadavg()[0].toFixed(1)} after`
  );
  console.log(line('node -e 0', nodeMs, nodeCpu, nodeMs, nodeCpu, null));
  for (const v of variants) {
    console.log(`${v.label}:`);
    for (const [key, [label, goal]] of Object.entries(ROWS)) {
      if (key === 'node') continue;
      const wall = median(v.samples[key].map(s => s.ms));
      const cpu = median(v.samples[key].map(s => s.cpu));
      console.log(line(label, wall, cpu, nodeMs, nodeCpu, goal));
    }
  }
}

try {
  const { runs, variants } = parseArgs();
  const notebooks = writeNotebooks();
  const sample = samplers(notebooks);
  const all = variants.map((v, i) => {
    const home = join(WORK, `home-${i}`);
    mkdirSync(home);
    return { ...v, home, samples: {} };
  });
  // The first run of the chain fills the cache every timed run finds.
  for (const v of all) await sample.cached(v);
  const load = loadavg()[0].toFixed(1);
  const nodeSamples = [];
  for (let round = 0; round < runs; round++) {
    nodeSamples.push(await sample.node());
    for (const v of all) {
      for (const key of Object.keys(ROWS)) {
        if (key === 'node') continue;
        (v.samples[key] ??= []).push(await sample[key](v));
      }
    }
  }
  report(all, nodeSamples, runs, load);
} finally {
  rmSync(WORK, { recursive: true, force: true });
}
