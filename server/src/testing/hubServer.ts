import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { setTimeout as sleep } from 'node:timers/promises';

import { pino } from 'pino';
import { WebSocket } from 'ws';

import { EventBus } from '../events/EventBus.js';
import { EVENTS_PATH, WsHub, type IWsHubOptions } from '../events/WsHub.js';
import { TokenAuth } from '../auth/TokenAuth.js';
import type {
  Channel,
  IEventEnvelope,
  RunEvent,
  ServerMessage
} from '../contract/wire.js';
import type { MessageQueue } from './MessageQueue.js';
import { MemoryEventLog } from './MemoryEventLog.js';
import { openSocket, type IOpenSocket } from './sockets.js';
import { TEST_TOKEN } from './testServer.js';

export interface IHubServer {
  hub: WsHub;
  bus: EventBus;
  log: MemoryEventLog;
  port: number;
  /** `ws://127.0.0.1:PORT/api/events?token=…` */
  url: string;
  /** Every line the hub logged, parsed. */
  logLines: Array<{ level: number; msg: string } & Record<string, unknown>>;
  /** Stores and publishes one event, like the real publishers do. */
  publish(event: RunEvent, runId: string | null): IEventEnvelope;
  /** Opens an authenticated client and consumes its hello. */
  connect(): Promise<IOpenSocket>;
  /** Terminates the clients opened by connect() and stops everything. */
  stop(): Promise<void>;
}

/** A WsHub on a plain http server on 127.0.0.1 with an in-memory event log. */
export async function startHubServer(
  options: Partial<IWsHubOptions> = {}
): Promise<IHubServer> {
  const bus = new EventBus();
  const log = new MemoryEventLog();
  const logLines: IHubServer['logLines'] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write: (line: string) =>
        void logLines.push(JSON.parse(line) as IHubServer['logLines'][number])
    }
  );
  const hub = new WsHub({
    auth: new TokenAuth(TEST_TOKEN),
    version: 'test',
    logger,
    heartbeatMs: 60_000,
    maxPayload: 64 * 1024,
    bus,
    events: log,
    ...options
  });
  const server = createServer((_req, res) => res.writeHead(404).end());
  hub.attach(server);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}${EVENTS_PATH}?token=${TEST_TOKEN}`;
  const opened: IOpenSocket[] = [];
  return {
    hub,
    bus,
    log,
    port,
    url,
    logLines,
    publish(event, runId) {
      const envelope = log.append(event, runId);
      bus.publish(envelope);
      return envelope;
    },
    async connect() {
      const open = await openSocket(url);
      opened.push(open);
      await open.messages.next();
      return open;
    },
    async stop() {
      opened.forEach(({ ws }) => ws.terminate());
      await hub.stop();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  };
}

export interface ISubscribed {
  /** Events received before `subscribed` (the replay). */
  replayed: IEventEnvelope[];
  seq: number;
}

/** Subscribes and reads up to the `subscribed` reply. */
export function subscribe(
  { ws, messages }: IOpenSocket,
  channel: Channel,
  since?: number
): Promise<ISubscribed> {
  ws.send(JSON.stringify({ type: 'subscribe', channel, since }));
  return untilSubscribed(messages, channel);
}

/** Reads the replayed events of `channel` up to its `subscribed` message. */
export async function untilSubscribed(
  messages: MessageQueue,
  channel: Channel
): Promise<ISubscribed> {
  const replayed: IEventEnvelope[] = [];
  for (;;) {
    const message = (await messages.next()) as ServerMessage;
    if (message.type === 'subscribed' && message.channel === channel) {
      return { replayed, seq: message.seq };
    }
    if (message.type !== 'event' || message.channel !== channel) {
      throw new Error(`unexpected message ${JSON.stringify(message)}`);
    }
    replayed.push(message.envelope);
  }
}

/** The next `count` messages, which must all be events; their envelopes. */
export async function nextEvents(
  messages: MessageQueue,
  count: number,
  channel?: Channel
): Promise<IEventEnvelope[]> {
  const envelopes: IEventEnvelope[] = [];
  while (envelopes.length < count) {
    const message = (await messages.next()) as ServerMessage;
    if (message.type !== 'event') {
      throw new Error(`expected an event, got ${JSON.stringify(message)}`);
    }
    if (channel !== undefined && message.channel !== channel) {
      throw new Error(`event of ${message.channel}, expected ${channel}`);
    }
    envelopes.push(message.envelope);
  }
  return envelopes;
}

/** Resolves when no message arrives for `ms`; rejects with the one that did. */
export async function noMessageFor(
  messages: MessageQueue,
  ms: number
): Promise<void> {
  const message = await messages.next(ms).catch(() => undefined);
  if (message !== undefined) {
    throw new Error(`unexpected message ${JSON.stringify(message)}`);
  }
}

export interface ICollector {
  ws: WebSocket;
  /** The seqs of the first `count` events received after `subscribed`. */
  seqs: Promise<number[]>;
}

/**
 * A lightweight live subscriber for fan-out tests (no per-message promise):
 * resolves once subscribed to `channel`.
 */
export function openCollector(
  url: string,
  channel: Channel,
  count: number
): Promise<ICollector> {
  const ws = new WebSocket(url);
  const seqs: number[] = [];
  let done: (seqs: number[]) => void = () => {};
  const collected = new Promise<number[]>(resolve => (done = resolve));
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', data => {
      const message = JSON.parse((data as Buffer).toString()) as ServerMessage;
      if (message.type === 'hello') {
        ws.send(JSON.stringify({ type: 'subscribe', channel }));
      } else if (message.type === 'subscribed') {
        resolve({ ws, seqs: collected });
      } else if (
        message.type === 'event' &&
        seqs.push(message.envelope.seq) === count
      ) {
        done(seqs);
      }
    });
  });
}

/** Resolves once `check()` holds, polling; rejects after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error('condition still false');
    }
    await sleep(5);
  }
}

/** from..to */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
