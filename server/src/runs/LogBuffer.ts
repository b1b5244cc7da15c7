import type { ILogLine } from '../contract/wire.js';

type Pending = Pick<ILogLine, 'stream' | 'line'>;

/** Longest log line kept; longer ones are cut (a step printing a 1 GB line must not take the server down). */
export const MAX_LINE_LENGTH = 16 * 1024;

/**
 * Collects a step's log lines and writes them in batches (one transaction
 * per batch instead of per line). `flush()` before recording anything else
 * about the step keeps the order of lines and events.
 */
export class LogBuffer {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (lines: Pending[]) => void,
    private readonly maxLines = 200,
    private readonly maxDelayMs = 50
  ) {}

  push(stream: ILogLine['stream'], line: string): void {
    const text =
      line.length > MAX_LINE_LENGTH
        ? `${line.slice(0, MAX_LINE_LENGTH)}… [line cut: ${line.length} characters]`
        : line;
    this.pending.push({ stream, line: text });
    if (this.pending.length >= this.maxLines) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.maxDelayMs);
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length > 0) {
      const lines = this.pending;
      this.pending = [];
      this.write(lines);
    }
  }
}
