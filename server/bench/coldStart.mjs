// Cold start: wall time from spawning `cellpipe serve` to the first 200 on
// /api/health, the delay a JupyterLab user waits for after the proxy starts us.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const RUNS = 5;
const TOKEN = 'x';
const CLI = fileURLToPath(new URL('../bin/cellpipe', import.meta.url));
const LISTENING = /^Cellpipe server listening on http:\/\/[^/]+:(\d+)\/$/;

/** Resolves with the port from the child's listening line. */
async function listeningPort(child) {
  const lines = createInterface({ input: child.stdout });
  const exit = once(child, 'exit').then(([code]) => {
    throw new Error(`server exited with ${code} before listening`);
  });
  const line = (async () => {
    for await (const text of lines) {
      const match = LISTENING.exec(text);
      if (match) {
        return Number(match[1]);
      }
    }
    throw new Error('stdout closed before the listening line');
  })();
  return Promise.race([line, exit]);
}

async function sample() {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--token', TOKEN],
    {
      // Warnings and errors still reach our stderr; info lines would be noise.
      env: { ...process.env, CELLPIPE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit']
    }
  );
  try {
    const port = await listeningPort(child);
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, {
      headers: { authorization: `token ${TOKEN}` }
    });
    await res.text();
    if (res.status !== 200) {
      throw new Error(`/api/health answered ${res.status}`);
    }
    return performance.now() - started;
  } finally {
    const exited = once(child, 'exit');
    if (child.exitCode === null) {
      process.kill(child.pid, 'SIGTERM');
    }
    await exited.catch(() => {});
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const samples = [];
for (let i = 1; i <= RUNS; i++) {
  const ms = await sample();
  samples.push(ms);
  console.log(`run ${i}: ${ms.toFixed(0)} ms`);
}
console.log(
  `cold start to first 200 on /api/health: median ${median(samples).toFixed(0)} ms (${RUNS} runs)`
);
