import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ancestors, topologicalOrder } from './graph.js';

describe('topological order', () => {
  const cases: Array<[string, string[], Array<[string, string]>, string[]]> = [
    ['no edges keeps notebook order', ['a', 'b', 'c'], [], ['a', 'b', 'c']],
    [
      'linear',
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'c']
      ],
      ['a', 'b', 'c']
    ],
    [
      'an edge to an earlier step reorders',
      ['a', 'b'],
      [['b', 'a']],
      ['b', 'a']
    ],
    [
      'fan-out/fan-in, ties by notebook order',
      ['load', 'left', 'right', 'join'],
      [
        ['load', 'right'],
        ['load', 'left'],
        ['left', 'join'],
        ['right', 'join']
      ],
      ['load', 'left', 'right', 'join']
    ],
    [
      'edges to unknown nodes are ignored',
      ['a'],
      [
        ['a', 'zz'],
        ['zz', 'a']
      ],
      ['a']
    ]
  ];
  for (const [name, nodes, edges, order] of cases) {
    test(name, () => {
      const result = topologicalOrder(
        nodes,
        edges.map(([from, to]) => ({ from, to }))
      );
      assert.deepEqual(result, { ok: true, order });
    });
  }

  test('a cycle is reported as a closed path', () => {
    const result = topologicalOrder(
      ['a', 'b', 'c', 'd'],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'b' },
        { from: 'c', to: 'd' }
      ]
    );
    assert.deepEqual(result, { ok: false, cycle: ['b', 'c', 'b'] });
  });

  test('a self-loop is a cycle', () => {
    const result = topologicalOrder(['a'], [{ from: 'a', to: 'a' }]);
    assert.deepEqual(result, { ok: false, cycle: ['a', 'a'] });
  });
});

describe('ancestors', () => {
  test('collects everything upstream, not downstream', () => {
    const edges = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'd' },
      { from: 'c', to: 'd' },
      { from: 'd', to: 'e' }
    ];
    assert.deepEqual([...ancestors('d', edges)].sort(), ['a', 'b', 'c']);
    assert.deepEqual([...ancestors('a', edges)], []);
  });
});
