import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** `bin/cellpipe`, from `src/testing/` or the compiled `dist/testing/`. */
export const CLI_PATH = fileURLToPath(
  new URL('../../bin/cellpipe', import.meta.url)
);

const LISTENING = /^Cellpipe server listening on http:\/\/([^/]+):(\d+)\/$/;

export interface ICliProcess {
  child: ChildProcess;
  /** stdout lines so far (complete ones). */
  lines: string[];
  stderr: () => string;
}

/** Spawns `node bin/cellpipe ...args` with piped output. */
export function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd?: string
): ICliProcess {
  const { CELLPIPE_TOKEN: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: {
      ...inherited,
      CELLPIPE_LOG_LEVEL: 'warn',
      CELLPIPE_HOME: mkdtempSync(join(tmpdir(), 'cellpipe-cli-')),
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', line => lines.push(line));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, lines, stderr: () => stderr };
}

/** Waits for the listening line and returns the port it names. */
export function listeningPort(
  cli: ICliProcess,
  timeoutMs = 5000
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      const match = cli.lines.length > 0 ? LISTENING.exec(cli.lines[0]) : null;
      if (match) {
        resolve(Number(match[2]));
      } else if (
        cli.child.exitCode !== null ||
        Date.now() - started > timeoutMs
      ) {
        reject(
          new Error(
            `no listening line; stdout=${cli.lines.join('|')} stderr=${cli.stderr()}`
          )
        );
      } else {
        setTimeout(poll, 10);
      }
    };
    poll();
  });
}

/** Resolves with the exit code (or signal name) once the child has exited. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode ?? child.signalCode ?? -1);
  }
  return new Promise(resolve =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1))
  );
}

/** Test cleanup: SIGKILL the child by PID if it is still running. */
export function killIfRunning(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null && child.pid) {
    process.kill(child.pid, 'SIGKILL');
  }
}

/** Runs `cellpipe ...args` to the end with `$CELLPIPE_HOME` set; its exit code and output. */
export function runCli(
  args: string[],
  home: string
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [CLI_PATH, ...args],
      { env: { ...process.env, CELLPIPE_HOME: home } },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      }
    );
  });
}
