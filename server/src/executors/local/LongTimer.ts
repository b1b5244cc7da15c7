/** Node's timers hold at most 2^31-1 ms (~24.8 days); longer ones fire after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A timeout of any length: waited in pieces no longer than Node's longest
 * timer, so `timeout_seconds: 3000000` (34 days) means 34 days, not 1 ms.
 * Unref'd: a pending timeout alone does not keep the process alive.
 */
export class LongTimer {
  private timer: NodeJS.Timeout | undefined;
  private readonly due: number;

  constructor(
    ms: number,
    private readonly onDue: () => void,
    private readonly pieceMs = MAX_TIMER_MS
  ) {
    this.due = Date.now() + ms;
    this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    const left = this.due - Date.now();
    if (left <= 0) {
      this.timer = undefined;
      this.onDue();
      return;
    }
    this.timer = setTimeout(() => this.arm(), Math.min(left, this.pieceMs));
    this.timer.unref();
  }
}
