import { Signal } from '@lumino/signaling';

import { ActiveRunsModel, RUNS_LISTED } from '../panel/ActiveRunsModel';
import type { NotebookPipeline } from '../pipelines/NotebookPipeline';
import type { PipelineRegistry } from '../pipelines/PipelineRegistry';
import type { ConnectionState, ICellpipe, IRunList } from '../tokens';
import { runRecord } from './fixtures';

/*
 * The panel's run list (made by the panel plugin, drawn by useRuns): the
 * runs of the active notebook, loaded once the server answers, again after
 * it comes back, and for each notebook shown.
 */

const owner = {};

function pipelineAt(path: string) {
  return { path, changed: new Signal<object, void>(owner) };
}

function setup() {
  const listRuns = jest.fn(
    async (query: { notebook?: string }): Promise<IRunList> => ({
      seq: 1,
      runs: [runRecord([], { id: `run-of-${query.notebook}` })],
      total: 1,
      offset: 0,
      limit: RUNS_LISTED
    })
  );
  const events = {
    event: new Signal<object, never>(owner),
    subscribe: jest.fn(),
    unsubscribe: jest.fn()
  };
  const connection = {
    state: { status: 'connecting', server: 's' } as ConnectionState,
    changed: new Signal<object, void>(owner)
  };
  const registry = {
    current: pipelineAt('a.ipynb') as unknown as NotebookPipeline | null,
    currentChanged: new Signal<object, unknown>(owner),
    added: new Signal<object, unknown>(owner)
  };
  const model = new ActiveRunsModel(
    { listRuns } as unknown as ICellpipe.IApi,
    events as unknown as ICellpipe.IEvents,
    connection as unknown as ICellpipe.IConnection,
    registry as unknown as PipelineRegistry
  );
  const connect = (status: 'connected' | 'unreachable') => {
    connection.state =
      status === 'connected'
        ? ({ status, server: 's' } as ConnectionState)
        : { status, server: 's', message: 'gone' };
    connection.changed.emit();
  };
  const show = (path: string) => {
    registry.current = pipelineAt(path) as unknown as NotebookPipeline;
    registry.currentChanged.emit(registry.current);
  };
  return { model, listRuns, connect, show };
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

describe("the active notebook's runs", () => {
  it('are loaded once the server answers, not before', async () => {
    const { model, listRuns, connect } = setup();
    expect(listRuns).not.toHaveBeenCalled();
    connect('connected');
    await settle();
    expect(listRuns).toHaveBeenCalledWith({
      notebook: 'a.ipynb',
      limit: RUNS_LISTED
    });
    expect(model.runs.map(r => r.id)).toEqual(['run-of-a.ipynb']);
  });

  it('stay shown while the server is away, and load again when it is back', async () => {
    const { model, listRuns, connect } = setup();
    connect('connected');
    await settle();
    connect('unreachable');
    expect(model.runs.map(r => r.id)).toEqual(['run-of-a.ipynb']);
    connect('connected');
    await settle();
    expect(listRuns).toHaveBeenCalledTimes(2);
  });

  it("are another notebook's when another notebook is active", async () => {
    const { model, connect, show } = setup();
    connect('connected');
    await settle();
    show('b.ipynb');
    expect(model.runs).toEqual([]);
    await settle();
    expect(model.runs.map(r => r.id)).toEqual(['run-of-b.ipynb']);
  });

  it('say why they are unavailable', async () => {
    const { model, listRuns, connect } = setup();
    listRuns.mockRejectedValueOnce(new Error('HTTP 502'));
    connect('connected');
    await settle();
    expect(model.error).toBe('Runs unavailable: HTTP 502');
  });
});
