import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface IModelServerLaunch {
  python: string;
  /** `server/runtime/model_server.py`. */
  script: string;
  /** A folder holding exactly one artifact and its sidecar. */
  modelDir: string;
  name: string;
  /** 0 picks a free port; a restart asks for the port it had, so the URL stays. */
  port: number;
  /** Where the model server's request log goes (it outlives whoever started it). */
  logFile: string;
  /** How long loading the model may take; scikit-learn's import alone is ~1.3 s. */
  readyTimeoutMs?: number;
  /**
   * The secret every request must carry (`Authorization: Bearer`). Handed
   * over in a 0600 file beside the log that the server reads and deletes,
   * never in argv or the environment (both readable in /proc).
   */
  token?: string;
}

const LISTENING = /^cellpipe-model-server listening on (http:\/\/[^\s]+)$/;

/** A model server that is up: where it listens and which process it is. */
export interface IModelServerHandle {
  pid: number;
  url: string;
  port: number;
}

/**
 * Starts `model_server.py` detached (own process group, log to a file,
 * stdin closed), so it outlives the CLI command that deployed it, and
 * resolves once it prints its listening line; rejects with its own words
 * (the log's tail) when it exits or stays silent instead.
 */
export function startModelServer(
  launch: IModelServerLaunch
): Promise<IModelServerHandle> {
  const tokenFile = launch.token ? handOverToken(launch) : undefined;
  const log = openSync(launch.logFile, 'a');
  const child = spawn(
    launch.python,
    [
      launch.script,
      '--model-dir',
      launch.modelDir,
      '--name',
      launch.name,
      '--port',
      String(launch.port),
      '--host',
      '127.0.0.1',
      ...(tokenFile ? ['--token-file', tokenFile] : [])
    ],
    { detached: true, stdio: ['ignore', 'pipe', log] }
  );
  closeSync(log);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => fail(`did not start within ${launch.readyTimeoutMs ?? 30_000} ms`),
      launch.readyTimeoutMs ?? 30_000
    );
    const fail = (why: string) => {
      clearTimeout(timer);
      // Taken by the server unless it died before: then it must not stay.
      if (tokenFile) {
        rmSync(tokenFile, { force: true });
      }
      lines.close();
      child.kill('SIGKILL');
      reject(new Error(`the model server ${why} (log: ${launch.logFile})`));
    };
    child.once('error', err => fail(`could not start: ${err.message}`));
    child.once('exit', (code, signal) =>
      fail(`exited with ${signal ?? `code ${code}`} before it was ready`)
    );
    lines.once('line', line => {
      const match = LISTENING.exec(line);
      if (!match) {
        return fail(`printed "${line}" instead of its listening line`);
      }
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      // Nothing more comes on stdout; let the server live on without us.
      lines.close();
      child.stdout!.destroy();
      child.unref();
      const url = match[1];
      resolve({ pid: child.pid!, url, port: Number(new URL(url).port) });
    });
  });
}

/** A new file of mode 0600 (never one that exists: `wx`) holding only the token. */
function handOverToken(launch: IModelServerLaunch): string {
  const path = join(dirname(launch.logFile), `.token-${randomUUID()}`);
  writeFileSync(path, launch.token!, { mode: 0o600, flag: 'wx' });
  return path;
}

/** True while the process exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM to the model server's group, SIGKILL after `graceMs` (Python
 * tearing down scikit-learn takes 0.3–0.8 s, so keep it above a second).
 */
export async function stopModelServer(
  pid: number,
  graceMs = 3_000
): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  await gone(pid, graceMs);
  if (processAlive(pid)) {
    signalGroup(pid, 'SIGKILL');
    // Gone, not only signalled, when this resolves (a loaded machine takes a moment).
    await gone(pid, 2_000);
  }
}

async function gone(pid: number, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (processAlive(pid) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 50));
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone already
  }
}
