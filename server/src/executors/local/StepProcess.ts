import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

import { AsyncQueue } from '../../streams/AsyncQueue.js';
import { parseStdoutLine, type StepLine } from '../stepEvents.js';

export interface IStepProcessOptions {
  python: string;
  program: string;
  context: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface IStepExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running step program, however it was started (spawned, or forked by a fork server). */
export interface IStepProcess extends AsyncIterable<StepLine> {
  readonly pid: number | undefined;
  /** Resolves when the process is gone and both of its streams are closed. */
  readonly exited: Promise<IStepExit>;
  /** Signals the whole process group. */
  kill(signal?: NodeJS.Signals): void;
}

/**
 * One step program running as its own process group (so a kill reaches
 * whatever the cells started). Its output is an AsyncIterable of lines;
 * `exited` resolves when the process and both pipes are done.
 */
export class StepProcess implements IStepProcess {
  readonly exited: Promise<IStepExit>;
  private readonly child: ChildProcess;
  private readonly lines = new AsyncQueue<StepLine>();

  constructor(options: IStepProcessOptions) {
    this.child = spawn(options.python, [options.program, options.context], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true
    });
    let open = 2;
    const done = () => --open === 0 && this.lines.close();
    createInterface({ input: this.child.stdout! })
      .on('line', line => this.lines.push(parseStdoutLine(line)))
      .on('close', done);
    createInterface({ input: this.child.stderr! })
      .on('line', line =>
        this.lines.push({ type: 'log', stream: 'stderr', line })
      )
      .on('close', done);
    this.exited = new Promise(resolve => {
      this.child.on('error', err => {
        this.lines.push({
          type: 'log',
          stream: 'stderr',
          line: `cellpipe: cannot start ${options.python}: ${err.message}`
        });
        this.lines.close();
        resolve({ code: null, signal: null });
      });
      this.child.on('close', (code, signal) => resolve({ code, signal }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Signals the whole process group; the step's children go too. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (
      this.child.pid !== undefined &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    ) {
      try {
        process.kill(-this.child.pid, signal);
      } catch {
        // already gone
      }
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<StepLine> {
    return this.lines[Symbol.asyncIterator]();
  }
}
