import { Signal } from '@lumino/signaling';

import type { CellpipeApi } from '../api/CellpipeApi';
import { EventSocket, type IChannelEvent } from '../api/EventSocket';
import type { Channel, DeploymentEvent, IDeploymentList } from '../api/wire';
import { applyDeploymentEvent } from '../deployments/deploymentReducer';
import { DeploymentsModel } from '../deployments/DeploymentsModel';
import { deployment } from './deploymentFixtures';
import { FakeWebSocket } from './fakeWebSocket';

const older = deployment({
  name: 'old',
  createdAt: '2025-01-01T09:00:00.000Z'
});
const newer = deployment({
  name: 'new',
  createdAt: '2025-01-01T11:00:00.000Z'
});

describe('the deployments reducer', () => {
  it('adds a created deployment in newest-first order', () => {
    const middle = deployment({ name: 'mid' });
    const list = applyDeploymentEvent([newer, older], {
      type: 'deployment.created',
      deployment: middle
    });
    expect(list.map(d => d.name)).toEqual(['new', 'mid', 'old']);
  });

  it('replaces a deployment on update, in place', () => {
    const ready = { ...older, status: 'failed' as const, reason: 'crashed' };
    const list = applyDeploymentEvent([newer, older], {
      type: 'deployment.updated',
      deployment: ready
    });
    expect(list).toEqual([newer, ready]);
  });

  it('adds an updated deployment whose creation it missed', () => {
    const list = applyDeploymentEvent([older], {
      type: 'deployment.updated',
      deployment: newer
    });
    expect(list.map(d => d.name)).toEqual(['new', 'old']);
  });

  it('drops a deleted deployment', () => {
    expect(
      applyDeploymentEvent([newer, older], {
        type: 'deployment.deleted',
        name: 'new'
      })
    ).toEqual([older]);
  });

  it('changes nothing for a replayed event, a missing name or a run event', () => {
    const list = [newer, older];
    const created: DeploymentEvent = {
      type: 'deployment.created',
      deployment: newer
    };
    expect(applyDeploymentEvent(list, created)).toEqual(list);
    expect(
      applyDeploymentEvent(list, { type: 'deployment.deleted', name: 'gone' })
    ).toBe(list);
    expect(
      applyDeploymentEvent(list, { type: 'run.deleted', runId: 'r' })
    ).toBe(list);
  });
});

/** A socket that records subscriptions and delivers what the test sends. */
function fakeSocket() {
  const owner = {};
  const event = new Signal<object, IChannelEvent>(owner);
  const subscribe = jest.fn<void, [Channel, number?]>();
  const unsubscribe = jest.fn<void, [Channel]>();
  const socket = { event, subscribe, unsubscribe } as unknown as EventSocket;
  let at = 0;
  const deliver = (
    seq: number,
    e: DeploymentEvent,
    channel: Channel = 'deployments'
  ) =>
    event.emit({
      channel,
      envelope: { seq, runId: null, at: String(++at), event: e }
    });
  return { socket, subscribe, unsubscribe, deliver };
}

function modelWith(...lists: IDeploymentList[]) {
  const listDeployments = jest.fn(async () => lists.shift()!);
  const api = { listDeployments } as unknown as CellpipeApi;
  const fake = fakeSocket();
  return { model: new DeploymentsModel(api, fake.socket), ...fake };
}

describe('the deployments model', () => {
  it('follows the channel from the list’s seq and applies its events', async () => {
    const { model, subscribe, deliver } = modelWith({
      seq: 7,
      deployments: [older]
    });
    const changed = jest.fn();
    model.changed.connect(changed);
    await model.load();
    expect(subscribe).toHaveBeenCalledWith('deployments', 7);
    deliver(8, { type: 'deployment.created', deployment: newer });
    expect(model.deployments.map(d => d.name)).toEqual(['new', 'old']);
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('ignores events the list already has, and other channels', async () => {
    const { model, deliver } = modelWith({ seq: 7, deployments: [older] });
    await model.load();
    deliver(6, { type: 'deployment.deleted', name: 'old' });
    deliver(9, { type: 'deployment.deleted', name: 'old' }, 'runs');
    expect(model.deployments).toEqual([older]);
  });

  it('subscribes once however often it loads, and leaves on dispose', async () => {
    const { model, subscribe, unsubscribe } = modelWith(
      { seq: 1, deployments: [] },
      { seq: 4, deployments: [older] }
    );
    await model.load();
    await model.load();
    expect(subscribe.mock.calls).toEqual([
      ['deployments', 1],
      ['deployments', 4]
    ]);
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    model.dispose();
    expect(unsubscribe).toHaveBeenCalledTimes(2);
  });

  it('keeps the reason when the list cannot be read', async () => {
    const api = {
      listDeployments: jest.fn(async () => {
        throw new Error('HTTP 502');
      })
    } as unknown as CellpipeApi;
    const model = new DeploymentsModel(api, fakeSocket().socket);
    await model.load();
    expect(model.error).toBe('HTTP 502');
    expect(model.loaded).toBe(false);
  });

  it('shows what the REST API answered at once, and filters by run', async () => {
    const { model } = modelWith({ seq: 1, deployments: [older] });
    await model.load();
    model.upsert(deployment({ name: 'other', runId: 'r-2' }));
    expect(model.forRun('r-2').map(d => d.name)).toEqual(['other']);
    model.remove('old');
    expect(model.get('old')).toBeNull();
  });
});

describe('the deployments model across a dropped connection', () => {
  const real = globalThis.WebSocket;
  beforeEach(() => {
    (globalThis as any).WebSocket = FakeWebSocket;
    jest.useFakeTimers();
  });
  afterEach(() => {
    (globalThis as any).WebSocket = real;
    jest.useRealTimers();
  });

  it('subscribes again from the last event it saw', async () => {
    const socket = new EventSocket(() => 'ws://test/api/events');
    socket.start();
    const first = FakeWebSocket.last!;
    first.open();
    const api = {
      listDeployments: async () => ({ seq: 3, deployments: [] })
    } as unknown as CellpipeApi;
    const model = new DeploymentsModel(api, socket);
    await model.load();
    first.receive({
      type: 'event',
      channel: 'deployments',
      envelope: {
        seq: 5,
        runId: null,
        at: 'now',
        event: { type: 'deployment.created', deployment: newer }
      }
    });
    first.onclose?.();
    jest.advanceTimersByTime(1000);
    const second = FakeWebSocket.last!;
    expect(second).not.toBe(first);
    second.open();
    expect(second.sent).toEqual([
      { type: 'subscribe', channel: 'deployments', since: 5 }
    ]);
    expect(model.deployments.map(d => d.name)).toEqual(['new']);
    socket.stop();
  });
});
