import type { IncomingMessage } from 'node:http';

import { WebSocket, type ClientOptions } from 'ws';

import { MessageQueue } from './MessageQueue.js';

export interface IOpenSocket {
  ws: WebSocket;
  messages: MessageQueue;
}

/** Opens a websocket and starts buffering its messages immediately. */
export function openSocket(
  url: string,
  options: ClientOptions = {}
): Promise<IOpenSocket> {
  const ws = new WebSocket(url, options);
  const messages = new MessageQueue(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused with ${res.statusCode}`))
    );
  });
}

export interface IRefusal {
  status: number;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** Attempts an upgrade that must be refused; resolves with the HTTP answer. */
export function refusedUpgrade(
  url: string,
  options: ClientOptions = {}
): Promise<IRefusal> {
  const ws = new WebSocket(url, options);
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('upgrade was accepted'));
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve({ status, headers: res.headers, body: JSON.parse(text) });
      });
    });
  });
}

/** Resolves with the close code and reason once `ws` closes. */
export function closed(
  ws: WebSocket,
  timeoutMs = 2000
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`socket still open after ${timeoutMs} ms`)),
      timeoutMs
    );
    ws.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString() });
    });
  });
}
