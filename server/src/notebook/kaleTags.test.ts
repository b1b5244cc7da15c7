import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { readAnnotation } from './annotations.js';
import { readKaleTags, type IKaleTags } from './kaleTags.js';
import type { ICodeCell } from './notebookSchema.js';

/** One row per Kale tag: the tags of a cell -> what Cellpipe reads from them. */
const TAGS: Array<[string, string[], Partial<IKaleTags>]> = [
  ['skip', ['skip'], { roles: ['skip'] }],
  ['imports', ['imports'], { roles: ['imports'] }],
  ['functions', ['functions'], { roles: ['functions'] }],
  ['pipeline-parameters', ['pipeline-parameters'], { roles: ['parameters'] }],
  ['pipeline-metrics', ['pipeline-metrics'], { roles: ['metrics'] }],
  ["papermill's parameters", ['parameters'], { roles: ['parameters'] }],
  ['step:NAME', ['step:load_data'], { step: 'load_data' }],
  ['block:NAME (Kale 0.x)', ['block:load_data'], { step: 'load_data' }],
  ['block: without a name marks nothing', ['block:'], { step: undefined }],
  [
    'block:imports (Kale 0.x) is a role',
    ['block:imports'],
    { roles: ['imports'] }
  ],
  [
    'block:functions (Kale 0.x) is a role',
    ['block:functions'],
    { roles: ['functions'] }
  ],
  ['step:skip (Kale 2) is a role', ['step:skip'], { roles: ['skip'] }],
  ['prev:NAME', ['prev:train_model'], { after: ['train_model'] }],
  [
    'prev:a:b (Kale 0.x) names both',
    ['prev:sum:cumsum'],
    { after: ['sum', 'cumsum'] }
  ],
  [
    'image:IMAGE',
    ['image:python:3.12'],
    { properties: { runtime_image: 'python:3.12' } }
  ],
  ['limit:cpu', ['limit:cpu:500m'], { properties: { cpu_limit: '500m' } }],
  [
    'limit:memory',
    ['limit:memory:2Gi'],
    { properties: { memory_limit: '2Gi' } }
  ],
  [
    'limit:VENDOR/gpu',
    ['limit:nvidia.com/gpu:2'],
    { properties: { gpu: 2, gpu_vendor: 'nvidia.com/gpu' } }
  ],
  [
    'cache:enabled',
    ['cache:enabled'],
    { properties: { disable_node_caching: false } }
  ],
  [
    'cache:disabled',
    ['cache:disabled'],
    { properties: { disable_node_caching: true } }
  ],
  [
    'report:disabled (Cellpipe makes no report anyway)',
    ['report:disabled'],
    { properties: {}, unsupported: [] }
  ],
  [
    'secret:NAME:KEY:ENV',
    ['secret:db-credentials:password:DB_PASSWORD'],
    {
      properties: {
        kubernetes_secrets: [
          { env_var: 'DB_PASSWORD', name: 'db-credentials', key: 'password' }
        ]
      }
    }
  ],
  [
    'label:KEY:VALUE',
    ['label:access-ml-pipeline:true', 'label:team:ml'],
    {
      properties: {
        kubernetes_pod_labels: { 'access-ml-pipeline': 'true', team: 'ml' }
      }
    }
  ],
  [
    'annotation:KEY:VALUE keeps the colons of the value',
    ['annotation:example.com/dashboard:http://grafana.local:3000/d/abc'],
    {
      properties: {
        kubernetes_pod_annotations: {
          'example.com/dashboard': 'http://grafana.local:3000/d/abc'
        }
      }
    }
  ],
  ['notebook:NAME', ['notebook:notebook_a'], { notebooks: ['notebook_a'] }],
  [
    'two step names (Kale 0.x)',
    ['block:conv1', 'block:conv2'],
    { step: 'conv1', otherSteps: ['conv2'] }
  ],
  [
    "other tools' tags",
    ['hide-input', 'remove-cell'],
    { roles: [], step: undefined, properties: {} }
  ]
];

describe('each Kale tag is read into what Cellpipe has', () => {
  for (const [name, tags, expected] of TAGS) {
    test(name, () => {
      const read = readKaleTags(tags);
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual(read[key as keyof IKaleTags], value, key);
      }
      assert.deepEqual(read.invalid, []);
    });
  }
});

function cell(tags: string[]): ICodeCell {
  return { id: 'c1', index: 4, source: 'x = 1', metadata: { tags } };
}

/** What Cellpipe cannot honour or read: a problem on the cell, never silence. */
const PROBLEMS: Array<[string, string[], string, 'warning' | 'error', RegExp]> =
  [
    [
      'report:enabled',
      ['step:a', 'report:enabled'],
      'unsupported-kale',
      'warning',
      /does not make an HTML report/
    ],
    [
      'cache with another value',
      ['step:a', 'cache:maybe'],
      'invalid-metadata',
      'warning',
      /cache:enabled or cache:disabled/
    ],
    [
      'a secret without its env var',
      ['step:a', 'secret:db:password'],
      'invalid-metadata',
      'warning',
      /secret:SECRET_NAME:KEY:ENV_VAR/
    ],
    [
      'a label without a value',
      ['step:a', 'label:team'],
      'invalid-metadata',
      'warning',
      /label:KEY:VALUE/
    ],
    [
      'an unknown limit',
      ['step:a', 'limit:ephemeral-storage:1Gi'],
      'invalid-metadata',
      'warning',
      /resource Cellpipe does not know/
    ],
    [
      'a limit without an amount',
      ['step:a', 'limit:cpu'],
      'invalid-metadata',
      'warning',
      /resource Cellpipe does not know/
    ],
    [
      'in:/out: (Kale 0.1)',
      ['block:a', 'in:x'],
      'unsupported-kale',
      'warning',
      /finds the variables/
    ],
    [
      'a cell in two steps',
      ['block:conv1', 'block:conv2'],
      'unsupported-kale',
      'warning',
      /part of "conv1" only/
    ]
  ];

describe('a Kale construct Cellpipe does not support is a problem on its cell', () => {
  for (const [name, tags, kind, severity, message] of PROBLEMS) {
    test(name, () => {
      const { problems } = readAnnotation(cell(tags));
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0].kind, kind);
      assert.equal(problems[0].severity, severity);
      assert.equal(problems[0].cellIndex, 4);
      assert.match(problems[0].message, message);
    });
  }
});
