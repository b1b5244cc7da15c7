import type { Duplex } from 'node:stream';

import type { IErrorBody } from '../contract/wire.js';

// Not `import from 'node:http'`: its ESM facade loads Node's fetch (~45 ms of start-up).
const { STATUS_CODES } = process.getBuiltinModule('node:http');

/**
 * Answers a refused websocket upgrade with a plain HTTP response written on
 * the raw socket (the HTTP app never sees upgrades), then destroys the socket.
 */
export function rejectUpgrade(
  socket: Duplex,
  status: number,
  body: IErrorBody,
  extraHeaders: Record<string, string> = {}
): void {
  const payload = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(payload)}`,
    ...Object.entries(extraHeaders).map(([name, value]) => `${name}: ${value}`)
  ];
  // The peer may already be gone; without a listener that would crash us.
  socket.on('error', () => socket.destroy());
  // end() then destroy once flushed, so the client reads the whole response.
  socket.once('finish', () => socket.destroy());
  socket.end(`${lines.join('\r\n')}\r\n\r\n${payload}`);
}
