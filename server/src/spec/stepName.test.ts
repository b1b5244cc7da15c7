import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  kubernetesNameClashes,
  stepKubernetesName,
  stepNameProblem
} from './stepName.js';

describe('step names: DNS-1123 labels or Kale names, kept as written', () => {
  const valid = [
    'train',
    'load-data',
    '0',
    'load_transform_data',
    '_private',
    'train_',
    '_'
  ];
  for (const name of valid) {
    test(`${JSON.stringify(name)} is valid`, () => {
      assert.equal(stepNameProblem(name), null);
    });
  }

  const invalid: Array<[string, RegExp]> = [
    ['load_data-x', /DNS-1123 label.*Kale step name/],
    ['2_load', /Kale step name/],
    ['Load_data', /not a valid step name/],
    ['x'.repeat(64), /at most 63 characters/]
  ];
  for (const [name, reason] of invalid) {
    test(`${JSON.stringify(name.slice(0, 20))} is refused with the reason`, () => {
      assert.match(stepNameProblem(name) ?? '', reason);
    });
  }
});

describe("a step's Kubernetes name", () => {
  const cases: Array<[string, string]> = [
    ['train', 'train'],
    ['load-data', 'load-data'],
    ['load_transform_data', 'load-transform-data'],
    ['_private', 'private'],
    ['train_', 'train'],
    ['a__b', 'a--b'],
    ['_', 'step']
  ];
  for (const [name, kube] of cases) {
    test(`${JSON.stringify(name)} -> ${JSON.stringify(kube)}`, () => {
      assert.equal(stepKubernetesName(name), kube);
      assert.match(kube, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    });
  }

  test('names that give one Kubernetes name are found, by that name', () => {
    assert.deepEqual(
      [
        ...kubernetesNameClashes([
          'load_data',
          'load-data',
          'train',
          '_train',
          'other',
          'load_data'
        ])
      ],
      [
        ['load-data', ['load_data', 'load-data']],
        ['train', ['train', '_train']]
      ]
    );
    assert.equal(kubernetesNameClashes(['a_b', 'a-c']).size, 0);
  });
});
