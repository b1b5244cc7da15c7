import type { WebSocket } from 'ws';

/** How long a closing client gets to finish the close handshake. */
export const CLOSE_GRACE_MS = 500;

/**
 * Starts the close handshake and terminates `ws` if it is not closed within
 * `graceMs` (a client that stopped reading never answers); resolves once
 * `ws` is closed.
 */
export function closeSocket(
  ws: WebSocket,
  code: number,
  reason: string,
  graceMs = CLOSE_GRACE_MS
): Promise<void> {
  if (ws.readyState === ws.CLOSED) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const timer = setTimeout(() => ws.terminate(), graceMs);
    timer.unref();
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (ws.readyState === ws.OPEN) {
      ws.close(code, reason);
    }
  });
}
