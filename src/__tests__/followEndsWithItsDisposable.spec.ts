import type { ConnectionModel } from '../api/ConnectionModel';
import { EventSocket } from '../api/EventSocket';
import { CellpipeService } from '../core/CellpipeService';
import type { IEventEnvelope } from '../tokens';
import { FakeWebSocket } from './fakeWebSocket';

/*
 * ICellpipe.follow(), what another extension uses to watch runs: it gets the
 * events of its channel only, from `since`, until it disposes what it got.
 */

function envelope(seq: number): IEventEnvelope {
  return {
    seq,
    runId: 'r1',
    at: 'now',
    event: { type: 'run.deleted', runId: 'r1' }
  };
}

describe('following a channel through ICellpipe', () => {
  const real = globalThis.WebSocket;
  let socket: EventSocket;
  let cellpipe: CellpipeService;

  beforeEach(() => {
    (globalThis as any).WebSocket = FakeWebSocket;
    socket = new EventSocket(() => 'ws://test/api/events');
    const connection = { socket, client: null } as unknown as ConnectionModel;
    cellpipe = new CellpipeService(connection);
    socket.start();
    FakeWebSocket.last!.open();
  });

  afterEach(() => {
    socket.stop();
    (globalThis as any).WebSocket = real;
  });

  it('subscribes from `since` and hands over only its channel’s events', () => {
    const seen: number[] = [];
    cellpipe.follow('run:r1', e => seen.push(e.seq), 4);
    const ws = FakeWebSocket.last!;
    expect(ws.sent).toEqual([
      { type: 'subscribe', channel: 'run:r1', since: 4 }
    ]);
    ws.receive({ type: 'event', channel: 'run:r1', envelope: envelope(5) });
    ws.receive({ type: 'event', channel: 'runs', envelope: envelope(6) });
    expect(seen).toEqual([5]);
  });

  it('stops and leaves the channel when disposed', () => {
    const seen: number[] = [];
    const following = cellpipe.follow('run:r1', e => seen.push(e.seq));
    following.dispose();
    const ws = FakeWebSocket.last!;
    ws.receive({ type: 'event', channel: 'run:r1', envelope: envelope(7) });
    expect(seen).toEqual([]);
    expect(following.isDisposed).toBe(true);
    expect(ws.sent).toContainEqual({ type: 'unsubscribe', channel: 'run:r1' });
  });
});
