import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { readAnnotation } from './annotations.js';
import type { ICodeCell } from './notebookSchema.js';

function cell(metadata: Record<string, unknown>): ICodeCell {
  return { id: 'c1', index: 3, source: 'x = 1', metadata };
}

describe('cell annotations: Cellpipe metadata and Kale tags', () => {
  const cases: Array<
    [
      string,
      Record<string, unknown>,
      Partial<ReturnType<typeof readAnnotation>>
    ]
  > = [
    [
      'no annotation',
      {},
      { step: undefined, role: undefined, annotated: false }
    ],
    [
      'cellpipe step',
      { cellpipe: { step: 'train' } },
      { step: 'train', annotated: true }
    ],
    [
      'cellpipe after (list)',
      { cellpipe: { step: 'b', after: ['a'] } },
      { step: 'b', after: ['a'] }
    ],
    [
      'cellpipe after (string)',
      { cellpipe: { step: 'b', after: 'a' } },
      { after: ['a'] }
    ],
    ['cellpipe skip', { cellpipe: { skip: true } }, { role: 'skip' }],
    ['cellpipe imports', { cellpipe: { imports: true } }, { role: 'imports' }],
    [
      'cellpipe functions',
      { cellpipe: { functions: true } },
      { role: 'functions' }
    ],
    [
      'cellpipe parameters',
      { cellpipe: { parameters: true } },
      { role: 'parameters' }
    ],
    ['cellpipe metrics', { cellpipe: { metrics: true } }, { role: 'metrics' }],
    [
      'kale block:',
      { tags: ['block:load'] },
      { step: 'load', annotated: true }
    ],
    ['kale step:', { tags: ['step:load'] }, { step: 'load' }],
    [
      'kale prev:',
      { tags: ['block:b', 'prev:a', 'prev:z'] },
      { step: 'b', after: ['a', 'z'] }
    ],
    ['kale imports', { tags: ['imports'] }, { role: 'imports' }],
    ['kale functions', { tags: ['functions'] }, { role: 'functions' }],
    [
      'kale pipeline-parameters',
      { tags: ['pipeline-parameters'] },
      { role: 'parameters' }
    ],
    ['papermill parameters', { tags: ['parameters'] }, { role: 'parameters' }],
    [
      'kale pipeline-metrics',
      { tags: ['pipeline-metrics'] },
      { role: 'metrics' }
    ],
    ['kale skip', { tags: ['skip'] }, { role: 'skip' }],
    [
      'kale image:',
      { tags: ['block:a', 'image:python:3.11'] },
      { properties: { runtime_image: 'python:3.11' } }
    ],
    [
      'kale limit:memory',
      { tags: ['block:a', 'limit:memory:2Gi'] },
      { properties: { memory_limit: '2Gi' } }
    ],
    [
      'kale limit:cpu',
      { tags: ['block:a', 'limit:cpu:500m'] },
      { properties: { cpu_limit: '500m' } }
    ],
    [
      'kale limit:nvidia.com/gpu',
      { tags: ['block:a', 'limit:nvidia.com/gpu:2'] },
      { properties: { gpu: 2, gpu_vendor: 'nvidia.com/gpu' } }
    ],
    [
      'metadata wins over tags',
      { cellpipe: { step: 'meta' }, tags: ['block:tag'] },
      { step: 'meta' }
    ],
    [
      'after from both, once each',
      { cellpipe: { step: 'b', after: ['a'] }, tags: ['prev:a', 'prev:c'] },
      { after: ['a', 'c'] }
    ],
    [
      'a role wins over a step name',
      { tags: ['block:a', 'skip'] },
      { step: undefined, role: 'skip' }
    ],
    [
      "other tools' tags are ignored",
      { tags: ['hide-input', 'remove-cell'] },
      { annotated: false }
    ]
  ];
  for (const [name, metadata, expected] of cases) {
    test(name, () => {
      const note = readAnnotation(cell(metadata));
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual(note[key as keyof typeof note], value, key);
      }
    });
  }

  const warnings: Array<[string, Record<string, unknown>, RegExp]> = [
    ['metadata that is not an object', { cellpipe: 'train' }, /not an object/],
    [
      'a step that is not a string',
      { cellpipe: { step: 3 } },
      /must be a step name/
    ],
    ['two roles', { tags: ['imports', 'skip'] }, /both as imports and skip/],
    [
      'a role and a step',
      { tags: ['block:a', 'imports'] },
      /names step "a" but is marked as imports/
    ],
    [
      'an unknown limit resource',
      { tags: ['block:a', 'limit:disk:5Gi'] },
      /tag "limit:disk:5Gi"/
    ]
  ];
  for (const [name, metadata, message] of warnings) {
    test(`warns about ${name}`, () => {
      const note = readAnnotation(cell(metadata));
      assert.equal(note.problems.length, 1);
      assert.equal(note.problems[0].severity, 'warning');
      assert.match(note.problems[0].message, message);
      assert.equal(note.problems[0].cellIndex, 3);
    });
  }
});
