import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { StepProperties } from '../spec/pipelineSchema.js';
import { readKaleSettings, withKaleDefaults } from './kaleSettings.js';
import { readNotebook } from './readNotebook.js';

/** One row per kubeflow_notebook key Cellpipe maps: the settings -> name and step defaults. */
const MAPPED: Array<
  [string, Record<string, unknown>, { name?: string; defaults: StepProperties }]
> = [
  [
    'pipeline_name',
    { pipeline_name: 'hp-test' },
    { name: 'hp-test', defaults: {} }
  ],
  ['an empty pipeline_name is unset', { pipeline_name: '' }, { defaults: {} }],
  [
    'base_image',
    { base_image: 'python:3.12' },
    { defaults: { runtime_image: 'python:3.12' } }
  ],
  [
    'docker_image (before Kale 2)',
    { docker_image: 'kale:0.6' },
    { defaults: { runtime_image: 'kale:0.6' } }
  ],
  [
    'base_image wins over docker_image',
    { base_image: 'new:2', docker_image: 'old:1' },
    { defaults: { runtime_image: 'new:2' } }
  ],
  [
    'an empty image is the notebook’s own',
    { docker_image: '', base_image: '' },
    { defaults: {} }
  ],
  [
    'enable_caching: false',
    { enable_caching: false },
    { defaults: { disable_node_caching: true } }
  ],
  [
    'enable_caching: true (the default)',
    { enable_caching: true },
    { defaults: {} }
  ],
  [
    'steps_defaults',
    {
      steps_defaults: [
        'label:access-ml-pipeline:true',
        'annotation:owner:me',
        'limit:memory:4Gi',
        'secret:db:password:DB_PASSWORD',
        'image:python:3.12',
        'cache:disabled'
      ]
    },
    {
      defaults: {
        kubernetes_pod_labels: { 'access-ml-pipeline': 'true' },
        kubernetes_pod_annotations: { owner: 'me' },
        memory_limit: '4Gi',
        kubernetes_secrets: [
          { env_var: 'DB_PASSWORD', name: 'db', key: 'password' }
        ],
        runtime_image: 'python:3.12',
        disable_node_caching: true
      }
    }
  ],
  [
    'settings for features that are off',
    {
      katib_run: false,
      autosnapshot: false,
      volumes: [],
      katib_metadata: {},
      notebook_path: 'a.ipynb',
      pipeline_description: 'd'
    },
    { defaults: {} }
  ]
];

describe('kubeflow_notebook settings Cellpipe maps', () => {
  for (const [name, raw, expected] of MAPPED) {
    test(name, () => {
      const read = readKaleSettings(raw);
      assert.deepEqual(read.problems, []);
      assert.equal(read.name, expected.name);
      assert.deepEqual(read.defaults, expected.defaults);
    });
  }
});

/** One row per key Cellpipe does not support (or a value it cannot read): a warning naming the key. */
const WARNED: Array<[Record<string, unknown>, string, RegExp]> = [
  [
    { volumes: [{ name: 'data', mount_point: '/data', type: 'pvc' }] },
    'volumes',
    /mounts no volumes/
  ],
  [{ storage_class_name: 'fast' }, 'storage_class_name', /mounts no volumes/],
  [{ volume_access_mode: 'rwm' }, 'volume_access_mode', /mounts no volumes/],
  [{ autosnapshot: true }, 'autosnapshot', /no Rok snapshots/],
  [{ snapshot_volumes: true }, 'snapshot_volumes', /no Rok snapshots/],
  [
    { experiment_name: 'hp', experiment: { id: 'new', name: 'hp' } },
    'experiment_name',
    /no experiments/
  ],
  [{ experiment: { id: 'new', name: 'hp' } }, 'experiment', /no experiments/],
  [{ katib_run: true }, 'katib_run', /Katib/],
  [{ timeout: 600 }, 'timeout', /timeout_seconds/],
  [{ kfp_host: 'http://kfp' }, 'kfp_host', /not on Kubeflow Pipelines/],
  [
    { security_context: { enabled: true } },
    'security_context',
    /security context/
  ],
  [{ marshal_volume: true }, 'marshal_volume', /artifact store/],
  [{ marshal_path: '/marshal' }, 'marshal_path', /artifact store/],
  [{ abs_working_dir: '/home' }, 'abs_working_dir', /artifact store/],
  [{ something_new: 1 }, 'something_new', /not a Kale setting Cellpipe knows/],
  [{ enable_caching: 'no' }, 'enable_caching', /must be true or false/],
  [{ steps_defaults: 'label:a:b' }, 'steps_defaults', /must be a list of tags/],
  [{ steps_defaults: ['step:x'] }, 'steps_defaults', /"step:x" is not one/],
  [
    { steps_defaults: ['report:enabled'] },
    'steps_defaults',
    /does not make an HTML report/
  ],
  [{ base_image: 3 }, 'base_image', /must be an image name/]
];

describe('a kubeflow_notebook setting Cellpipe does not support is a warning naming the key', () => {
  for (const [raw, key, message] of WARNED) {
    test(key, () => {
      const { problems } = readKaleSettings(raw);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0].severity, 'warning');
      assert.equal(problems[0].path, `metadata.kubeflow_notebook.${key}`);
      assert.match(
        problems[0].message,
        new RegExp(`kubeflow_notebook\\.${key}`)
      );
      assert.match(problems[0].message, message);
    });
  }
});

describe('Kale settings in a notebook', () => {
  const notebook = (kale: unknown, pipeline?: unknown, tags = ['step:a']) => ({
    nbformat: 4,
    metadata: {
      kubeflow_notebook: kale,
      ...(pipeline !== undefined && { cellpipe: { pipeline } })
    },
    cells: [{ cell_type: 'code', source: 'x = 1', metadata: { tags } }]
  });

  test("sit under Cellpipe's own pipeline metadata", () => {
    const draft = readNotebook(
      notebook(
        {
          pipeline_name: 'kale-name',
          base_image: 'kale:1',
          enable_caching: false
        },
        { version: 1, name: 'own', defaults: { runtime_image: 'own:1' } }
      )
    );
    assert.equal(draft.metadata.name, 'own');
    assert.deepEqual(draft.metadata.defaults, {
      runtime_image: 'own:1',
      disable_node_caching: true
    });
  });

  test("a step's label tags add to the steps_defaults labels, as in Kale", () => {
    const draft = readNotebook(
      notebook({ steps_defaults: ['label:a:1', 'label:b:1'] }, undefined, [
        'step:a',
        'label:b:2'
      ])
    );
    assert.deepEqual(draft.steps[0].tagProperties.kubernetes_pod_labels, {
      a: '1',
      b: '2'
    });
  });

  test('secrets of a step replace the default of the same env var only', () => {
    const secret = (env_var: string, name: string) => ({
      env_var,
      name,
      key: 'k'
    });
    assert.deepEqual(
      withKaleDefaults(
        {
          kubernetes_secrets: [secret('A', 'default'), secret('B', 'default')]
        },
        { kubernetes_secrets: [secret('B', 'own')] }
      ).kubernetes_secrets,
      [secret('A', 'default'), secret('B', 'own')]
    );
  });

  test('a kubeflow_notebook that is not an object is a warning', () => {
    const draft = readNotebook(notebook('oops'));
    assert.match(
      draft.problems.map(p => p.message).join('\n'),
      /metadata.kubeflow_notebook is not an object/
    );
  });
});
