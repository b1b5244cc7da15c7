import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';

import { AsyncQueue } from '../../streams/AsyncQueue.js';
import { parseStdoutLine, type StepLine } from '../stepEvents.js';
import type { IStepExit, IStepProcess } from './StepProcess.js';

/**
 * A step program a fork server forked: the same contract as a StepProcess
 * (lines, `exited` once the process is reaped and both streams are closed,
 * `kill` reaching the whole process group), read from the FIFOs that are
 * its stdout and stderr, its exit status reported by the fork server.
 */
export class ForkedStep implements IStepProcess {
  readonly exited: Promise<IStepExit>;
  private readonly lines = new AsyncQueue<StepLine>();
  private reaped = false;

  constructor(
    readonly pid: number,
    stdout: Socket,
    stderr: Socket,
    exit: Promise<IStepExit>
  ) {
    let open = 2;
    let closed!: () => void;
    const streamsClosed = new Promise<void>(resolve => (closed = resolve));
    const done = () => {
      if (--open === 0) {
        this.lines.close();
        closed();
      }
    };
    createInterface({ input: stdout })
      .on('line', line => this.lines.push(parseStdoutLine(line)))
      .on('close', done);
    createInterface({ input: stderr })
      .on('line', line =>
        this.lines.push({ type: 'log', stream: 'stderr', line })
      )
      .on('close', done);
    void exit.then(() => (this.reaped = true));
    this.exited = Promise.all([exit, streamsClosed]).then(([status]) => status);
  }

  /** Signals the whole process group; once reaped, the pid may be another's. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.reaped) {
      try {
        process.kill(-this.pid, signal);
      } catch {
        // already gone
      }
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<StepLine> {
    return this.lines[Symbol.asyncIterator]();
  }
}
