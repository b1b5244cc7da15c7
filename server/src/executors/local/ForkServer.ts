import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { ForkedStep } from './ForkedStep.js';
import type { IStepExit } from './StepProcess.js';

export const FORK_SERVER_SCRIPT = fileURLToPath(
  new URL('../../../runtime/forkserver.py', import.meta.url)
);

/** One step for the fork server: what `spawn(python, [program, context])` would get. */
export interface IForkRequest {
  program: string;
  context: string;
  cwd: string;
  /** The child's whole environment. */
  env: Record<string, string>;
}

/** A forked step; or why this step runs in a fresh interpreter; or why this server must go. */
export type ForkStart =
  | { step: ForkedStep }
  | { fallback: string; exclude?: string }
  | { retire: string };

interface IReply {
  id?: number;
  ready?: boolean;
  unsafe?: string;
  fifos?: [string, string];
  pid?: number;
  rss?: number;
  fallback?: string;
  exclude?: string;
  retire?: string;
  exit?: IStepExit;
}

/**
 * Owns one `runtime/forkserver.py` process: a warm interpreter that has
 * imported what the steps import and forks a child per step (docs/engine.md).
 * Requests and replies are JSON lines on its stdin and stdout.
 */
export class ForkServer {
  readonly ready: Promise<void>;
  /** The fork server's resident memory at its last fork, in bytes. */
  rss = 0;
  private readonly proc: ChildProcess;
  private readonly replies = new Map<number, (reply: IReply) => void>();
  private readonly exits = new Map<number, (exit: IStepExit) => void>();
  private readonly gone: Promise<void>;
  private nextId = 1;
  private dead: string | null = null;
  private stderr: string[] = [];

  constructor(python: string, exclude: readonly string[] = []) {
    this.proc = spawn(python, [FORK_SERVER_SCRIPT, '_program.py'], {
      cwd: tmpdir(),
      env: {
        ...process.env,
        PYTHONUNBUFFERED: '1',
        CELLPIPE_FORKSERVER_EXCLUDE: exclude.join(',')
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true
    });
    let started!: () => void;
    let failed!: (why: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    this.ready.catch(() => undefined);
    createInterface({ input: this.proc.stdout! }).on('line', line => {
      const reply = JSON.parse(line) as IReply;
      if (reply.ready) {
        started();
      } else if (reply.unsafe) {
        failed(new Error(reply.unsafe));
      } else if (reply.exit && reply.id !== undefined) {
        this.exits.get(reply.id)?.(reply.exit);
        this.exits.delete(reply.id);
      } else if (reply.id !== undefined) {
        this.replies.get(reply.id)?.(reply);
        this.replies.delete(reply.id);
      }
    });
    createInterface({ input: this.proc.stderr! }).on('line', line => {
      this.stderr = [...this.stderr.slice(-9), line];
    });
    this.proc.stdin!.on('error', () => undefined); // a dead server: seen on exit
    this.gone = new Promise(resolve => {
      const end = (why: string) => {
        this.dead ??= why;
        failed(new Error(this.dead));
        this.replies.forEach(reply => reply({ fallback: this.dead! }));
        this.replies.clear();
        this.exits.forEach(exit => exit({ code: null, signal: null }));
        this.exits.clear();
        resolve();
      };
      this.proc.on('error', err =>
        end(`cannot start ${python}: ${err.message}`)
      );
      this.proc.on('close', (code, signal) =>
        end(
          `the fork server exited (${signal ?? `code ${code}`})` +
            (this.stderr.length ? `: ${this.stderr.join(' | ')}` : '')
        )
      );
    });
  }

  /** Steps forked and not yet reaped. */
  get active(): number {
    return this.exits.size;
  }

  /** Forks a step: FIFOs made, both opened here, then the fork. */
  async start(request: IForkRequest): Promise<ForkStart> {
    await this.ready;
    const id = this.nextId++;
    const made = await this.request({ op: 'run', id, ...request });
    if (!made.fifos) {
      return made.retire !== undefined
        ? { retire: made.retire }
        : { fallback: made.fallback ?? 'no FIFOs', exclude: made.exclude };
    }
    // Opened before the fork so the child's opens do not block; read only after
    // the fork, when the child holds the write ends (else a read sees EOF).
    let fds: number[];
    try {
      fds = made.fifos.map(fifo =>
        openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
      );
    } catch (err) {
      this.proc.stdin!.write(`${JSON.stringify({ op: 'cancel', id })}\n`);
      return { fallback: `cannot open its FIFOs: ${(err as Error).message}` };
    }
    const exit = new Promise<IStepExit>(resolve => this.exits.set(id, resolve));
    const forked = await this.request({ op: 'opened', id });
    if (forked.pid === undefined) {
      this.exits.delete(id);
      fds.forEach(fd => closeSync(fd));
      return { fallback: forked.fallback ?? 'the fork failed' };
    }
    this.rss = forked.rss ?? this.rss;
    const [out, err] = fds.map(
      fd => new Socket({ fd, readable: true, writable: false })
    );
    return { step: new ForkedStep(forked.pid, out, err, exit) };
  }

  /** Ends the fork server (its running children are the executor's to stop). */
  async stop(): Promise<void> {
    if (this.dead === null) {
      this.dead = 'stopped';
      this.proc.stdin!.end();
      const kill = setTimeout(() => this.signal('SIGKILL'), 2000);
      await this.gone;
      clearTimeout(kill);
    }
    await this.gone;
  }

  private request(message: Record<string, unknown>): Promise<IReply> {
    if (this.dead !== null) {
      return Promise.resolve({ fallback: this.dead });
    }
    return new Promise(resolve => {
      this.replies.set(message.id as number, resolve);
      this.proc.stdin!.write(`${JSON.stringify(message)}\n`);
    });
  }

  private signal(signal: NodeJS.Signals): void {
    try {
      this.proc.kill(signal);
    } catch {
      // gone
    }
  }
}
