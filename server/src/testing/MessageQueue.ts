import type { WebSocket } from 'ws';

/**
 * Buffers a websocket's JSON messages from construction on, so a test never
 * misses one that arrived before it started waiting (e.g. the hello).
 */
export class MessageQueue {
  private readonly received: unknown[] = [];
  private waiter: ((message: unknown) => void) | undefined;

  constructor(ws: WebSocket) {
    ws.on('message', data => {
      // ws delivers text frames as Buffers by default.
      const message: unknown = JSON.parse((data as Buffer).toString('utf8'));
      if (this.waiter) {
        const resolve = this.waiter;
        this.waiter = undefined;
        resolve(message);
      } else {
        this.received.push(message);
      }
    });
  }

  /** The next message, or a rejection after `timeoutMs`. */
  next(timeoutMs = 2000): Promise<unknown> {
    if (this.received.length > 0) {
      return Promise.resolve(this.received.shift());
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`no websocket message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = message => {
        clearTimeout(timer);
        resolve(message);
      };
    });
  }
}
