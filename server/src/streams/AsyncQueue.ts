/**
 * A single-consumer queue that is an AsyncIterable: producers push, the
 * consumer iterates; `close()` ends the iteration once drained, `fail()` ends
 * it with an error.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private rejectWaiting: ((e: Error) => void) | null = null;
  private closed = false;
  private error: Error | null = null;

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.closed) {
      return;
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.rejectWaiting = null;
      resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  close(): void {
    this.closed = true;
    if (this.waiting && this.items.length === 0) {
      const resolve = this.waiting;
      this.waiting = this.rejectWaiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  fail(error: Error): void {
    this.error = error;
    this.closed = true;
    if (this.rejectWaiting) {
      const reject = this.rejectWaiting;
      this.waiting = this.rejectWaiting = null;
      reject(error);
    }
  }

  private next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) {
      return Promise.resolve({ value: this.items.shift()!, done: false });
    }
    if (this.error !== null) {
      return Promise.reject(this.error);
    }
    if (this.closed) {
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.rejectWaiting = reject;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next() };
  }
}
