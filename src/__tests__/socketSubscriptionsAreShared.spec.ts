import { EventSocket } from '../api/EventSocket';
import { FakeWebSocket } from './fakeWebSocket';

describe('several views following one run', () => {
  const real = globalThis.WebSocket;
  beforeEach(() => {
    (globalThis as any).WebSocket = FakeWebSocket;
  });
  afterEach(() => {
    (globalThis as any).WebSocket = real;
  });

  function openSocket(): [EventSocket, FakeWebSocket] {
    const socket = new EventSocket(() => 'ws://test/api/events');
    socket.start();
    const fake = FakeWebSocket.last!;
    fake.open();
    return [socket, fake];
  }

  it('keeps the channel until the last of them unsubscribes', () => {
    const [socket, fake] = openSocket();
    socket.subscribe('run:r1', 5);
    socket.subscribe('run:r1', 7);
    socket.unsubscribe('run:r1');
    expect(fake.sent).not.toContainEqual({
      type: 'unsubscribe',
      channel: 'run:r1'
    });
    socket.unsubscribe('run:r1');
    expect(fake.sent).toContainEqual({
      type: 'unsubscribe',
      channel: 'run:r1'
    });
    socket.stop();
  });

  it('sends every subscription, so each view gets the replay it asked for', () => {
    const [socket, fake] = openSocket();
    socket.subscribe('run:r1', 5);
    socket.subscribe('run:r1', 7);
    expect(fake.sent).toEqual([
      { type: 'subscribe', channel: 'run:r1', since: 5 },
      { type: 'subscribe', channel: 'run:r1', since: 7 }
    ]);
    socket.stop();
  });

  it('ignores an unsubscribe of a channel nobody follows', () => {
    const [socket, fake] = openSocket();
    socket.unsubscribe('run:nobody');
    socket.subscribe('run:r2');
    socket.unsubscribe('run:r2');
    expect(fake.sent).toEqual([
      { type: 'subscribe', channel: 'run:r2' },
      { type: 'unsubscribe', channel: 'run:r2' }
    ]);
    socket.stop();
  });
});
