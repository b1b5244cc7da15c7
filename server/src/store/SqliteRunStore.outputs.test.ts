import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import type { CellOutput } from '../contract/wire.js';
import { SqliteRunStore } from './SqliteRunStore.js';
import { newRun, tempDir } from './runStore.fixture.js';

const tmp = tempDir('outputs');
after(() => tmp.remove());

const out = (text: string, name: 'stdout' | 'stderr' = 'stdout') =>
  ({ output_type: 'stream', name, text }) as CellOutput;
const png: CellOutput = {
  output_type: 'display_data',
  data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': '<Figure>' },
  metadata: {}
};

describe('cell outputs in the run store', () => {
  test('chunks of one stream join; outputs come back by cell in step order', () => {
    const store = new SqliteRunStore(tmp.file('join.db'));
    store.createRun(newRun('r1'));
    store.addOutputs('r1', 'train', [
      { cellId: 't1', cellIndex: 3, output: out('epoch 1\n') }
    ]);
    store.addOutputs('r1', 'train', [
      { cellId: 't1', cellIndex: 3, output: out('epoch 2\n') },
      { cellId: 't1', cellIndex: 3, output: png }
    ]);
    store.addOutputs('r1', 'load', [
      { cellId: 'l1', cellIndex: 1, output: out('loaded\n') }
    ]);
    const { cells, seq } = store.getOutputs('r1');
    assert.equal(seq, store.headSeq());
    assert.deepEqual(
      cells.map(c => [c.step, c.cellId, c.outputs]),
      [
        ['load', 'l1', [out('loaded\n')]],
        ['train', 't1', [out('epoch 1\nepoch 2\n'), png]]
      ]
    );
    store.close();
  });

  test('a client reconnecting after seq replays exactly the outputs it missed', () => {
    const store = new SqliteRunStore(tmp.file('replay.db'));
    store.createRun(newRun('r1'));
    store.addOutputs('r1', 'train', [
      { cellId: 't1', cellIndex: 3, output: out('a\n') }
    ]);
    const seen = store.headSeq();
    store.addOutputs('r1', 'train', [
      { cellId: 't1', cellIndex: 3, output: out('b\n') },
      { cellId: 't1', cellIndex: 3, output: png }
    ]);
    const missed = store
      .eventsSince(seen, { runId: 'r1' })
      .map(e => e.event)
      .filter(e => e.type === 'step.output');
    assert.deepEqual(
      missed.map(e => e.type === 'step.output' && e.output),
      [out('b\n'), png]
    );
    store.close();
  });

  test('a cached step copies its source’s outputs; clearing and deleting the run remove them', () => {
    const store = new SqliteRunStore(tmp.file('copy.db'));
    store.createRun(newRun('r1'));
    store.createRun(newRun('r2'));
    store.addOutputs('r1', 'load', [
      { cellId: 'l1', cellIndex: 1, output: out('loaded\n') }
    ]);
    const copied = store.copyOutputs('r1', 'r2', 'load');
    assert.equal(copied.length, 1);
    assert.deepEqual(store.getOutputs('r2').cells[0].outputs, [
      out('loaded\n')
    ]);
    const cleared = store.clearOutputs('r2', 'load');
    assert.equal(cleared.event.type, 'step.outputsCleared');
    assert.deepEqual(store.getOutputs('r2').cells, []);
    store.deleteRun('r1');
    store.createRun(newRun('r1'));
    assert.deepEqual(store.getOutputs('r1').cells, []);
    store.close();
  });
});

describe('run titles, moves and the search filter', () => {
  test('a run has its title; renaming changes it and says so on the runs channel', () => {
    const store = new SqliteRunStore(tmp.file('title.db'));
    store.createRun(newRun('r1', { title: 'iris · lr=0.5' }));
    assert.equal(store.getRun('r1')?.title, 'iris · lr=0.5');
    const renamed = store.setTitle('r1', 'baseline');
    assert.equal(
      renamed.event.type === 'run.updated' && renamed.event.run.title,
      'baseline'
    );
    assert.equal(store.listRuns({}).runs[0].title, 'baseline');
    store.close();
  });

  test('runs follow a renamed notebook and the notebooks of a renamed folder, nothing else', () => {
    const store = new SqliteRunStore(tmp.file('move.db'));
    store.createRun(newRun('a', { notebookPath: 'work/train.ipynb' }));
    store.createRun(newRun('b', { notebookPath: 'work/sub/x.ipynb' }));
    store.createRun(newRun('c', { notebookPath: 'workshop/y.ipynb' }));
    assert.equal(
      store.moveNotebook('work/train.ipynb', 'work/iris.ipynb').length,
      1
    );
    assert.equal(store.getRun('a')?.notebookPath, 'work/iris.ipynb');
    assert.equal(store.moveNotebook('work', 'projects').length, 2);
    assert.deepEqual(
      ['a', 'b', 'c'].map(id => store.getRun(id)?.notebookPath),
      ['projects/iris.ipynb', 'projects/sub/x.ipynb', 'workshop/y.ipynb']
    );
    store.close();
  });

  test('text finds words anywhere (title, notebook, id) and name=value parameters', () => {
    const store = new SqliteRunStore(tmp.file('search.db'));
    store.createRun(
      newRun('r1', { title: 'baseline', parameters: { lr: 0.1, deep: true } })
    );
    store.createRun(
      newRun('r2', { title: 'Tuned', parameters: { lr: 0.5, deep: false } })
    );
    store.createRun(
      newRun('r3', {
        notebookPath: 'other/churn.ipynb',
        parameters: { lr: 0.5 }
      })
    );
    const ids = (text: string) =>
      store
        .listRuns({ text })
        .runs.map(r => r.id)
        .sort();
    assert.deepEqual(ids('tuned'), ['r2']);
    assert.deepEqual(ids('lr=0.5'), ['r2', 'r3']);
    assert.deepEqual(ids('lr=0.5 churn'), ['r3']);
    assert.deepEqual(ids('deep=true'), ['r1']);
    assert.deepEqual(ids('deep=True'), ['r1']);
    assert.deepEqual(ids('nothing-like-it'), []);
    assert.equal(store.listRuns({ text: 'lr=0.5' }).total, 2);
    store.close();
  });
});
