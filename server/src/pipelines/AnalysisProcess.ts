import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ANALYZE_SCRIPT = fileURLToPath(
  new URL('../../runtime/analyze.py', import.meta.url)
);

/** How one `analyze.py` process ended: its output, or why it did not run. */
export type AnalysisExit =
  | {
      kind: 'exited';
      code: number | null;
      signal: string | null;
      stdout: string;
      stderr: string;
    }
  | { kind: 'failed'; error: NodeJS.ErrnoException };

/**
 * One `python -S -E analyze.py` (no site, no environment: nothing of the
 * user's environment can change the result), started at once and waiting on
 * its stdin for the cells. The CLI starts it before it loads the compiler,
 * so Python's start-up overlaps Node's loading instead of following it.
 * This module imports nothing heavy, for that reason.
 */
export class AnalysisProcess {
  private readonly child: ChildProcess;
  private readonly exit: Promise<AnalysisExit>;
  private sent = false;

  constructor(python: string, script = ANALYZE_SCRIPT, timeoutMs = 30_000) {
    this.child = spawn(python, ['-S', '-E', script], {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: timeoutMs
    });
    this.exit = collect(this.child);
    this.child.stdin!.on('error', () => undefined); // the exit reports the failure
  }

  /** True once the cells went to this process (each process analyses once). */
  get used(): boolean {
    return this.sent;
  }

  /** Sends the cells and waits for the process to end; the signal kills it. */
  analyze(
    cells: ReadonlyArray<{ id: string; source: string }>,
    signal?: AbortSignal
  ): Promise<AnalysisExit> {
    this.sent = true;
    const kill = () => this.child.kill('SIGKILL');
    if (signal?.aborted) {
      kill();
    }
    signal?.addEventListener('abort', kill, { once: true });
    this.child.stdin!.end(
      JSON.stringify({
        cells: cells.map(c => ({ id: c.id, source: c.source }))
      })
    );
    return this.exit.finally(() => signal?.removeEventListener('abort', kill));
  }

  /** Ends a process that will not be used (its stdin closes: it exits at once). */
  discard(): void {
    if (!this.sent) {
      this.sent = true;
      this.child.kill('SIGKILL');
    }
  }
}

function collect(child: ChildProcess): Promise<AnalysisExit> {
  return new Promise(resolve => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', error => resolve({ kind: 'failed', error }));
    child.on('close', (code, signal) =>
      resolve({
        kind: 'exited',
        code,
        signal,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString()
      })
    );
  });
}
