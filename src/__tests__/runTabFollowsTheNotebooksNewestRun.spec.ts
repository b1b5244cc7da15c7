import { WidgetTracker } from '@jupyterlab/apputils';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { Signal } from '@lumino/signaling';

import type { DeploymentsModel } from '../deployments/DeploymentsModel';
import type { IRunActions } from '../runs/actions';
import { tabToFollow, type IRunTabState } from '../runs/runFollowing';
import { RunTabsFollower } from '../runs/RunTabsFollower';
import { createRunWidget, type RunWidget } from '../runs/RunWidget';
import type { ICellpipe, IEventEnvelope, IRunRecord } from '../tokens';
import { runRecord } from './fixtures';

/*
 * An open run tab follows its notebook's newest run unless it is pinned:
 * the rule (which tab moves), and the tabs moving on `run.created`.
 */

const tab = (runId: string, notebookPath: string | null, pinned = false) =>
  ({ runId, notebookPath, pinned }) as IRunTabState;

describe('which run tab shows a new run', () => {
  const run = { id: 'r9', notebookPath: 'a.ipynb' };

  it('is the first unpinned tab of the same notebook', () => {
    expect(tabToFollow([tab('r1', 'b.ipynb'), tab('r2', 'a.ipynb')], run)).toBe(
      1
    );
    expect(
      tabToFollow([tab('r1', 'a.ipynb', true), tab('r2', 'a.ipynb')], run)
    ).toBe(1);
  });

  it('is none when every tab of the notebook is pinned, or one shows the run already', () => {
    expect(tabToFollow([tab('r1', 'a.ipynb', true)], run)).toBe(-1);
    expect(tabToFollow([tab('r1', 'a.ipynb'), tab('r9', 'a.ipynb')], run)).toBe(
      -1
    );
    expect(
      tabToFollow([tab('r1', null)], { id: 'r9', notebookPath: null })
    ).toBe(-1);
  });
});

describe('run tabs on new runs', () => {
  const owner = {};
  const records = new Map<string, IRunRecord>();

  function setup() {
    const api = {
      getRun: jest.fn(async (id: string) => records.get(id)!),
      getOutputs: jest.fn(async () => ({ seq: 1, cells: [] })),
      getRunSources: jest.fn(async () => ({ cells: {} })),
      getLogs: jest.fn(async () => ({ lines: [], status: 'ok' }))
    } as unknown as ICellpipe.IApi;
    const events = {
      event: new Signal<object, never>(owner),
      subscribe: jest.fn(),
      unsubscribe: jest.fn()
    } as unknown as ICellpipe.IEvents;
    let listener: (e: IEventEnvelope) => void = () => undefined;
    const follow = jest.fn((_channel: string, l: typeof listener) => {
      listener = l;
      return { isDisposed: false, dispose: jest.fn() };
    });
    const tracker = new WidgetTracker<RunWidget>({ namespace: 'test-runs' });
    const follower = new RunTabsFollower(
      { follow } as unknown as Pick<ICellpipe, 'follow'>,
      tracker
    );
    const open = async (runId: string) => {
      const widget = createRunWidget(runId, {
        api,
        socket: events,
        actions: { loadHistory: async () => [] } as unknown as IRunActions,
        deployments: {
          changed: new Signal<object, void>(owner),
          forRun: () => []
        } as unknown as DeploymentsModel,
        rendermime: {} as IRenderMimeRegistry
      });
      await tracker.add(widget);
      await settle();
      return widget;
    };
    const created = (id: string, notebookPath: string) => {
      records.set(id, runRecord([], { id, notebookPath, title: id }));
      listener({
        seq: 2,
        at: '',
        event: { type: 'run.created', run: records.get(id)! }
      } as unknown as IEventEnvelope);
    };
    return { follower, follow, open, created };
  }

  const settle = () => new Promise(resolve => setTimeout(resolve, 0));

  beforeEach(() => {
    records.clear();
    records.set('r1', runRecord([], { id: 'r1', notebookPath: 'a.ipynb' }));
    records.set('b1', runRecord([], { id: 'b1', notebookPath: 'b.ipynb' }));
  });

  it('follow the runs channel, and show the notebook’s new run', async () => {
    const { follow, open, created } = setup();
    expect(follow).toHaveBeenCalledWith('runs', expect.any(Function));
    const a = await open('r1');
    const b = await open('b1');
    created('r2', 'a.ipynb');
    await settle();
    expect(a.content.runId).toBe('r2');
    expect(a.content.model.record?.id).toBe('r2');
    expect(a.title.label).toContain('r2');
    expect(b.content.runId).toBe('b1');
  });

  it('stay on their run when pinned', async () => {
    const { open, created } = setup();
    const a = await open('r1');
    a.content.pinned = true;
    created('r2', 'a.ipynb');
    await settle();
    expect(a.content.runId).toBe('r1');
    a.content.pinned = false;
    created('r3', 'a.ipynb');
    await settle();
    expect(a.content.runId).toBe('r3');
  });
});
