import assert from 'node:assert/strict';
import { test } from 'node:test';

import { codeCellSources } from './runSources.js';

test('code cell sources by id, lists of lines joined, other cells left out', () => {
  assert.deepEqual(
    codeCellSources({
      cells: [
        { cell_type: 'code', id: 'a', source: ['x = 1\n', 'y = 2'] },
        { cell_type: 'code', id: 'b', source: 'print(x)' },
        { cell_type: 'markdown', id: 'm', source: '# title' },
        { cell_type: 'code', source: 'no id' }
      ]
    }),
    { a: 'x = 1\ny = 2', b: 'print(x)' }
  );
});

test('a snapshot that is no notebook has no sources', () => {
  assert.deepEqual(codeCellSources(null), {});
  assert.deepEqual(codeCellSources({ cells: 'x' }), {});
});
