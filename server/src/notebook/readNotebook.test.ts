import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { notebook, step } from '../testing/notebooks.js';
import { readNotebook } from './readNotebook.js';

const names = (cells: { id: string }[]) => cells.map(c => c.id);

describe('reading a notebook into a pipeline draft', () => {
  test('an unannotated cell continues the step above it', () => {
    const draft = readNotebook(
      notebook([
        step('load', 'a = 1'),
        'b = a',
        step('train', 'c = b'),
        'd = c'
      ])
    );
    assert.deepEqual(
      draft.steps.map(s => [s.name, names(s.cells)]),
      [
        ['load', ['c0', 'c1']],
        ['train', ['c2', 'c3']]
      ]
    );
  });

  test('markdown and raw cells are ignored, indexes stay notebook indexes', () => {
    const draft = readNotebook(
      notebook([
        { source: '# Title', type: 'markdown' },
        step('a', 'x = 1'),
        { source: 'raw', type: 'raw' },
        'y = x'
      ])
    );
    assert.deepEqual(
      draft.steps[0].cells.map(c => c.index),
      [1, 3]
    );
  });

  test('imports and functions cells (and cells after them) form the prelude', () => {
    const draft = readNotebook(
      notebook([
        { source: 'import os', tags: ['imports'] },
        'import sys',
        { source: 'def f(): pass', tags: ['functions'] },
        step('a', 'x = f()')
      ])
    );
    assert.deepEqual(names(draft.prelude), ['c0', 'c1', 'c2']);
    assert.deepEqual(names(draft.steps[0].cells), ['c3']);
  });

  test("a skip cell is left out and the cells after it continue the step above (Kale's rule)", () => {
    const draft = readNotebook(
      notebook([
        step('a', 'x = 1'),
        { source: 'plot()', tags: ['skip'] },
        'more_plots()',
        step('b', 'y = x')
      ])
    );
    assert.deepEqual(
      draft.steps.map(s => names(s.cells)),
      [['c0', 'c2'], ['c3']]
    );
  });

  test('parameters and metrics cells are collected', () => {
    const draft = readNotebook(
      notebook([
        { source: 'lr = 0.1', tags: ['pipeline-parameters'] },
        step('a', 'acc = 1'),
        { source: 'acc', tags: ['pipeline-metrics'] }
      ])
    );
    assert.deepEqual(names(draft.parameterCells), ['c0']);
    assert.deepEqual(names(draft.metricCells), ['c2']);
  });

  test('cells with the same step name, apart, form one step (as in Kale)', () => {
    const draft = readNotebook(
      notebook([step('a', 'x = 1'), step('b', 'y = x'), step('a', 'z = 2')])
    );
    assert.deepEqual(
      draft.steps.map(s => [s.name, names(s.cells)]),
      [
        ['a', ['c0', 'c2']],
        ['b', ['c1']]
      ]
    );
    const again = draft.problems.filter(p => p.kind === 'duplicate-step-name');
    assert.equal(again.length, 1);
    assert.equal(again[0].severity, 'warning');
    assert.equal(again[0].cellIndex, 2);
    assert.match(
      again[0].message,
      /step "a" is named again at cell 3, after step "b" \(it starts at cell 1\): one name is one step/
    );
  });

  test('a step name repeated on the next cell continues the step, with nothing to say', () => {
    const draft = readNotebook(
      notebook([step('a', 'x = 1'), step('a', 'y = 2'), step('b', 'z = y')])
    );
    assert.deepEqual(
      draft.problems.filter(p => p.kind === 'duplicate-step-name'),
      []
    );
  });

  test('prev:/after on continuation cells add to the current step', () => {
    const draft = readNotebook(
      notebook([
        step('a', 'x = 1'),
        step('b', 'y = 2'),
        { source: 'z = 3', tags: ['prev:a'] }
      ])
    );
    assert.deepEqual(draft.steps[1].after, ['a']);
  });

  test('Kale tags on the cells of a step become its properties', () => {
    const draft = readNotebook(
      notebook([
        {
          source: 'x = 1',
          tags: ['block:a', 'image:img:1', 'limit:memory:1Gi']
        }
      ])
    );
    assert.deepEqual(draft.steps[0].tagProperties, {
      runtime_image: 'img:1',
      memory_limit: '1Gi'
    });
  });

  test('a notebook without steps says how to start', () => {
    const draft = readNotebook(notebook(['x = 1']));
    assert.equal(draft.steps.length, 0);
    assert.equal(draft.problems[0].kind, 'empty-pipeline');
    assert.match(draft.problems[0].message, /Make pipeline step/);
  });

  test('code before the first step is reported, not silently dropped', () => {
    const draft = readNotebook(notebook(['setup()', step('a', 'x = 1')]));
    assert.equal(draft.problems[0].kind, 'empty-step');
    assert.equal(draft.problems[0].cellIndex, 0);
  });

  test('cells without ids (nbformat 4.4) and repeated ids get unique ids', () => {
    const nb = notebook([step('a', 'x = 1'), 'y = 2', 'z = 3']) as {
      cells: Record<string, unknown>[];
    };
    delete nb.cells[0].id;
    nb.cells[2].id = nb.cells[1].id;
    const ids = readNotebook(nb).steps[0].cells.map(c => c.id);
    assert.deepEqual(ids, ['cell-0', 'c1', 'c1-2']);
  });

  test('source given as a list of lines is joined', () => {
    const nb = notebook([step('a', '')]) as {
      cells: Record<string, unknown>[];
    };
    nb.cells[0].source = ['x = 1\n', 'y = 2'];
    assert.equal(readNotebook(nb).steps[0].cells[0].source, 'x = 1\ny = 2');
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['null', null, /not a Jupyter notebook/],
    ['a string', 'notebook', /not a Jupyter notebook/],
    [
      'no cells',
      { nbformat: 4, metadata: {} },
      /not a Jupyter notebook.*cells/
    ],
    ['cells not a list', { nbformat: 4, cells: {} }, /not a Jupyter notebook/],
    [
      'a cell without type',
      { nbformat: 4, cells: [{ source: 'x' }] },
      /cells\.0\.cell_type/
    ],
    [
      'nbformat 3',
      { nbformat: 3, cells: [] },
      /nbformat 3 notebooks are not supported/
    ]
  ];
  for (const [name, json, message] of invalid) {
    test(`rejects ${name} with a clear problem`, () => {
      const draft = readNotebook(json);
      assert.equal(draft.problems.length, 1);
      assert.equal(draft.problems[0].kind, 'invalid-notebook');
      assert.match(draft.problems[0].message, message);
    });
  }
});

describe('notebook-level pipeline metadata', () => {
  test('is read and validated', () => {
    const meta = {
      version: 1,
      steps: { a: { retries: 2 } },
      layout: { a: { x: 1, y: 2 } }
    };
    const draft = readNotebook(notebook([step('a', 'x = 1')], meta));
    assert.deepEqual(draft.metadata, meta);
    assert.deepEqual(draft.problems, []);
  });

  test('without a version counts as version 1', () => {
    const draft = readNotebook(
      notebook([step('a', 'x = 1')], { steps: { a: { retries: 1 } } })
    );
    assert.equal(draft.metadata.version, 1);
    assert.deepEqual(draft.problems, []);
  });

  test('from a newer Cellpipe is refused with a clear problem', () => {
    const draft = readNotebook(notebook([step('a', 'x = 1')], { version: 99 }));
    assert.equal(draft.problems[0].kind, 'unsupported-version');
    assert.match(draft.problems[0].message, /newer Cellpipe \(format 99/);
  });

  test('with a wrong property names the property', () => {
    const draft = readNotebook(
      notebook([step('a', 'x = 1')], {
        version: 1,
        steps: { a: { retries: 'many' } }
      })
    );
    assert.equal(draft.problems[0].kind, 'invalid-property');
    assert.equal(
      draft.problems[0].path,
      'metadata.cellpipe.pipeline.steps.a.retries'
    );
  });
});
