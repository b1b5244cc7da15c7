import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { ICompiledStep } from '../contract/wire.js';
import { stepCacheKey } from './cacheKey.js';

const step: ICompiledStep = {
  name: 'train',
  cells: [],
  inputs: ['data'],
  outputs: ['model'],
  after: [],
  dependsOn: ['load'],
  metrics: [],
  parameters: ['lr'],
  properties: { runtime_image: 'python:3.11' },
  programHash: 'p1'
};
const base = stepCacheKey(step, { lr: 0.1, epochs: 3 }, { data: 'h1' });

describe('step cache keys', () => {
  test('are stable for the same program, parameters and inputs', () => {
    assert.equal(
      stepCacheKey(step, { epochs: 3, lr: 0.1 }, { data: 'h1' }),
      base
    );
  });

  test('ignore parameters the step does not read', () => {
    assert.equal(
      stepCacheKey(step, { lr: 0.1, epochs: 99 }, { data: 'h1' }),
      base
    );
  });

  const changes: Array<[string, string]> = [
    [
      'a parameter the step reads',
      stepCacheKey(step, { lr: 0.2, epochs: 3 }, { data: 'h1' })
    ],
    ["an input's content", stepCacheKey(step, { lr: 0.1 }, { data: 'h2' })],
    [
      'the program',
      stepCacheKey({ ...step, programHash: 'p2' }, { lr: 0.1 }, { data: 'h1' })
    ],
    [
      'the image',
      stepCacheKey(
        { ...step, properties: { runtime_image: 'python:3.12' } },
        { lr: 0.1 },
        { data: 'h1' }
      )
    ]
  ];
  for (const [what, key] of changes) {
    test(`change with ${what}`, () => {
      assert.notEqual(key, base);
    });
  }
});
