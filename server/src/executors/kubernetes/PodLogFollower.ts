import { Writable } from 'node:stream';

import type { Log } from '../../kube/client.js';

import { parseStdoutLine, type StepLine } from '../stepEvents.js';
import { CONTAINER, fromPodPath } from './jobSpec.js';

const REST_READ_LIMIT_MS = 15_000;

interface ILogStream {
  controller: Promise<AbortController | null>;
  /** Resolves when the server has sent everything (or the request failed). */
  ended: Promise<void>;
}

/**
 * Follows one pod's container log and hands over complete lines as they
 * arrive (the store keeps them, so they outlive the pod). Once the pod has
 * finished, `finish()` reads whatever the follow did not deliver: some
 * kubelets (kwok's among them) keep a follow open after the container ends.
 */
export class PodLogFollower {
  private follow: ILogStream | null = null;
  private finishing: Promise<void> | null = null;
  private open = true;
  /** Lines of the pod's log seen so far (handed over or skipped). */
  private seen = 0;
  private skip: number;

  constructor(
    private readonly log: Log,
    private readonly namespace: string,
    readonly pod: string,
    private readonly onLine: (line: string) => void,
    /** Lines an earlier server already stored (re-attach): not handed over again. */
    skipLines = 0
  ) {
    this.skip = skipLines;
  }

  start(): void {
    this.follow = this.stream(true, line => this.take(line));
  }

  /**
   * After the pod finished: waits up to `graceMs` for the follow to end, else
   * reads the rest once. Started when the pod is seen finished, so it is
   * mostly done when the Job controller reports the Job finished.
   */
  finish(graceMs: number): Promise<void> {
    this.finishing ??= this.drain(graceMs);
    return this.finishing;
  }

  private async drain(graceMs: number): Promise<void> {
    if (!this.follow || !this.open) {
      return;
    }
    const inTime = await Promise.race([
      this.follow.ended.then(() => true),
      delay(graceMs).then(() => false)
    ]);
    (await this.follow.controller)?.abort();
    if (!inTime) {
      const already = this.seen;
      let index = 0;
      const rest = this.stream(false, line => {
        if (index++ >= already) {
          this.take(line);
        }
      });
      // A finished container's log ends by itself; the bound only guards a hung request.
      await Promise.race([rest.ended, delay(REST_READ_LIMIT_MS)]);
    }
    this.open = false;
  }

  stop(): void {
    this.open = false;
    void this.follow?.controller.then(c => c?.abort());
  }

  private take(line: string): void {
    if (!this.open) {
      return;
    }
    this.seen++;
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    this.onLine(line);
  }

  private stream(follow: boolean, onLine: (line: string) => void): ILogStream {
    let partial = '';
    let markEnded!: () => void;
    const ended = new Promise<void>(resolve => (markEnded = resolve));
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop() ?? '';
        parts.forEach(line => onLine(line.replace(/\r$/, '')));
        done();
      },
      final: done => {
        if (partial) {
          onLine(partial);
        }
        markEnded();
        done();
      }
    });
    sink.on('error', markEnded);
    const controller = this.log
      .log(this.namespace, this.pod, CONTAINER, sink, { follow })
      .catch((err: unknown) => {
        if (this.open) {
          this.onLine(
            `cellpipe: cannot read the log of pod ${this.pod}: ${(err as Error).message}`
          );
        }
        markEnded();
        return null;
      });
    return { controller, ended };
  }
}

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms).unref());
}

/** A pod's log line: harness events keep their meaning, artifact paths become the server's. */
export function podLine(text: string, artifactsRoot: string): StepLine {
  const line = parseStdoutLine(text);
  if (line.type === 'event' && line.event.event === 'output') {
    const path = fromPodPath(line.event.path, artifactsRoot);
    return { type: 'event', event: { ...line.event, path } };
  }
  return line;
}
