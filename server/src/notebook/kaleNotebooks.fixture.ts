import type { IStepProperties } from '../contract/wire.js';

/**
 * What Kale builds from each notebook in server/test/kale-notebooks/ (its
 * steps in order of creation and its `prev:` edges, read from the tags by
 * Kale's rules), and what Cellpipe must say about what it does not support.
 */
export interface IKaleExpectation {
  /** The pipeline name: Kale's pipeline_name, else from the file name. */
  name: string;
  steps: string[];
  prev: Array<[string, string]>;
  /** Kale edges Cellpipe leaves out, each with a warning on its cell. */
  missing?: Array<[string, string]>;
  /** Error kinds: only what Cellpipe truly does not support. */
  errors?: string[];
  /** Every problem about Kale tags and settings (warnings, and the errors), each matched. */
  warnings: RegExp[];
  /** Code cells (notebook indexes) of some steps. */
  cells?: Record<string, number[]>;
  properties?: Record<string, IStepProperties>;
  metrics?: Record<string, string[]>;
}

const experiments = /kubeflow_notebook\.experiment_name is not supported/;
const snapshots = [
  /kubeflow_notebook\.autosnapshot is not supported/,
  /kubeflow_notebook\.snapshot_volumes is not supported/
];
const volumes = /kubeflow_notebook\.volumes is not supported/;
const katib = /kubeflow_notebook\.katib_run is not supported/;
const servingLabels = {
  'access-ml-pipeline': 'true',
  'access-rok': 'true'
};
const chain = (...names: string[]): Array<[string, string]> =>
  names.slice(1).map((n, i) => [names[i], n]);
const after = (from: string, ...to: string[]): Array<[string, string]> =>
  to.map(n => [from, n]);

/**
 * Kale's composition: the three referenced notebooks' steps in reading order
 * (then the composing notebook's own), their `prev:` edges, each keeping its
 * notebook's base_image; notebook_c's metrics cell reports `prediction`.
 */
function composed(name: string, own: string[]): IKaleExpectation {
  const image = { runtime_image: 'kale-runtime:2.1.0' };
  return {
    name,
    steps: [
      ...['names', 'generate', 'assemble', 'weights'],
      ...['show_names', 'fit', 'package', 'aggregate'],
      ...['predict', 'report', 'combine', 'summary'],
      ...own
    ],
    prev: [
      ['generate', 'assemble'],
      ['fit', 'package'],
      ...after('predict', 'report', 'combine', 'summary')
    ],
    // Each notebook's experiment_name is said once, for the composing notebook.
    warnings: [experiments],
    properties: { weights: image, fit: image, summary: image },
    metrics: { predict: ['prediction'] }
  };
}

const iris: IKaleExpectation = {
  name: 'iris-pipeline',
  steps: ['load_transform_data', 'train_model', 'evaluate_model'],
  prev: [
    ['load_transform_data', 'train_model'],
    ['load_transform_data', 'evaluate_model'],
    ['train_model', 'evaluate_model']
  ],
  warnings: [experiments, ...snapshots, volumes],
  cells: {
    load_transform_data: [7, 8],
    train_model: [10, 11],
    evaluate_model: [13, 14]
  },
  metrics: { evaluate_model: ['precision', 'recall', 'f1', 'accuracy'] }
};

const parametersAndMetrics: IKaleExpectation = {
  name: 'hp-test',
  steps: ['create_matrix', 'sum_matrix'],
  prev: [['create_matrix', 'sum_matrix']],
  warnings: [experiments],
  // Kale reports the parameters from the step that reads them.
  metrics: { create_matrix: ['d1', 'd2'], sum_matrix: ['sum_result'] }
};

const tagParsing: IKaleExpectation = {
  name: 'test-tag-parsing',
  steps: ['sum', 'cumsum', 'os'],
  prev: [...chain('sum', 'cumsum', 'os'), ['sum', 'os']],
  warnings: []
};

const numpy: IKaleExpectation = {
  name: '',
  steps: ['init', 'mean', 'sum'],
  prev: after('init', 'mean', 'sum'),
  warnings: []
};

const pvc: IKaleExpectation = {
  name: 'mount-pvc-test',
  steps: ['load', 'train'],
  prev: [],
  warnings: [experiments, volumes],
  properties: { load: { runtime_image: 'python:3.12' } }
};

export const KALE_NOTEBOOKS: Record<string, IKaleExpectation> = {
  'backend/converter/tests/notebooks/test_tag_parsing.ipynb': tagParsing,
  'backend/kale/tests/assets/notebooks/pipeline_parameters_and_metrics.ipynb': {
    ...parametersAndMetrics,
    properties: {
      create_matrix: { gpu: 2, gpu_vendor: 'nvidia.com/gpu' }
    }
  },
  'examples/base/candies_sharing.ipynb': {
    name: 'candies-sharing',
    steps: ['sack', 'kid1', 'kid2', 'kid3'],
    prev: [...chain('sack', 'kid1', 'kid2', 'kid3'), ['kid1', 'kid3']],
    warnings: []
  },
  'examples/base_example_numpy.ipynb': { ...numpy, name: 'base-example-numpy' },
  'examples/base_example_numpy_hp.ipynb': {
    ...numpy,
    name: 'base-example-numpy-hp'
  },
  'examples/base_example_tesi.ipynb': {
    ...tagParsing,
    name: 'base-example-tesi',
    steps: ['first', 'sum', 'cumsum', 'os']
  },
  'examples/composition/main.ipynb': composed('notebook-sequence', []),
  'examples/composition/main_mixed.ipynb': composed('notebook-sequence-mixed', [
    'final'
  ]),
  'examples/composition/notebook_a.ipynb': {
    name: 'notebook-a',
    steps: ['names', 'generate', 'assemble', 'weights'],
    prev: [['generate', 'assemble']],
    warnings: [experiments],
    properties: { weights: { runtime_image: 'kale-runtime:2.1.0' } }
  },
  'examples/composition/notebook_b.ipynb': {
    name: 'notebook-b',
    steps: ['show_names', 'fit', 'package', 'aggregate'],
    prev: [['fit', 'package']],
    warnings: [experiments]
  },
  'examples/composition/notebook_c.ipynb': {
    name: 'notebook-c',
    steps: ['predict', 'report', 'combine', 'summary'],
    prev: after('predict', 'report', 'combine', 'summary'),
    warnings: [experiments],
    metrics: { predict: ['prediction'] }
  },
  'examples/composition/test.ipynb': {
    name: 'mixing',
    steps: ['one', 'two'],
    prev: [['one', 'two']],
    warnings: [experiments]
  },
  'examples/dog-breed-classification/dog-breed-katib.ipynb': {
    name: 'dog-breed',
    steps: ['load_data', 'detect_dogs', 'cnn_resnet50'],
    prev: chain('load_data', 'detect_dogs', 'cnn_resnet50'),
    warnings: [experiments, katib],
    metrics: { cnn_resnet50: ['test_accuracy_resnet'] }
  },
  'examples/dog-breed-classification/dog-breed-v2.ipynb': {
    name: 'dog-breed',
    steps: [
      'data_processing',
      'dog_detector',
      'custom_classifier',
      'custome_classifier_eval',
      'vgg16_classifier',
      'vgg16_classifier_eval',
      'resnet50_classifier',
      'resnet50_classifier_eval'
    ],
    prev: [
      ...after(
        'data_processing',
        'dog_detector',
        'custom_classifier',
        'vgg16_classifier',
        'resnet50_classifier'
      ),
      ['custom_classifier', 'custome_classifier_eval'],
      ['vgg16_classifier', 'vgg16_classifier_eval'],
      ['resnet50_classifier', 'resnet50_classifier_eval']
    ],
    warnings: [experiments],
    properties: {
      dog_detector: { gpu: 1, gpu_vendor: 'nvidia.com/gpu' },
      vgg16_classifier_eval: {}
    }
  },
  'examples/dog-breed-classification/dog-breed.ipynb': {
    name: 'dog-breed',
    steps: [
      'load_data',
      'detect_dogs',
      'cnn_from_scratch',
      'cnn_vgg16',
      'cnn_resnet50'
    ],
    prev: [
      ['load_data', 'detect_dogs'],
      ...after('detect_dogs', 'cnn_from_scratch', 'cnn_vgg16', 'cnn_resnet50')
    ],
    warnings: [experiments],
    // `block:` without a name continues the step above, as in Kale.
    cells: {
      cnn_from_scratch: [27, 29, 31, 33, 35, 37],
      cnn_vgg16: [39, 41, 43, 45, 47, 49, 51]
    }
  },
  'examples/modello_enophit_new.ipynb': {
    name: 'modello-enophit-new',
    steps: ['dataprocess', 'datasets', 'classifier', 'conv1', 'conv2', 'test'],
    prev: [
      ...chain('dataprocess', 'datasets', 'classifier'),
      ...after('datasets', 'conv1', 'conv2'),
      ...[
        ['conv1', 'test'],
        ['conv2', 'test'],
        ['classifier', 'test']
      ]
    ] as Array<[string, string]>,
    // Old Kale put a cell tagged block:conv1 and block:conv2 in both steps.
    missing: [['datasets', 'conv2']],
    warnings: [/names steps "conv1" and "conv2"/]
  },
  'examples/openvaccine-kaggle-competition/open-vaccine.ipynb': {
    name: 'open-vaccine-model',
    steps: [
      'load_data',
      'preprocess_data',
      'model_training',
      'model_evaluation'
    ],
    prev: chain(
      'load_data',
      'preprocess_data',
      'model_training',
      'model_evaluation'
    ),
    warnings: [experiments, ...snapshots],
    cells: { model_evaluation: [46, 47] }
  },
  'examples/pytorch-classification/cifar10_classification.ipynb': {
    name: 'cifar10-classification',
    steps: ['dataprocessing', 'train', 'testontest', 'testwhole'],
    prev: chain('dataprocessing', 'train', 'testontest', 'testwhole'),
    warnings: []
  },
  'examples/rag/portable_rag_langchain.ipynb': {
    name: 'portable-rag',
    steps: [
      'clone_repo',
      'load_embeddings_model',
      'create_vector_database',
      'check_vector_db'
    ],
    prev: [
      ['clone_repo', 'create_vector_database'],
      ['load_embeddings_model', 'create_vector_database'],
      ['create_vector_database', 'check_vector_db']
    ],
    warnings: [experiments],
    properties: {
      clone_repo: { disable_node_caching: true },
      load_embeddings_model: { disable_node_caching: false },
      check_vector_db: {}
    }
  },
  'examples/serving/sklearn/iris.ipynb': {
    ...iris,
    properties: {
      train_model: {
        runtime_image: 'dimpo/jupyter-kale-cpu:v0.5.1-serving',
        kubernetes_pod_labels: servingLabels
      }
    }
  },
  'examples/serving/xgboost/iris.ipynb': {
    ...iris,
    warnings: [...iris.warnings, katib],
    cells: { load_transform_data: [7, 8, 9] },
    properties: {
      evaluate_model: {
        runtime_image: 'dimpo/jupyter-kale-cpu:v0.5.1-xgboost-v0.0.1',
        kubernetes_pod_labels: servingLabels
      }
    }
  },
  'examples/taxi-cab-classification/taxicab_pipeline.ipynb': {
    name: 'taxicab',
    steps: ['data_validation', 'data_transformation', 'train', 'eval'],
    prev: chain('data_validation', 'data_transformation', 'train', 'eval'),
    warnings: [experiments, volumes],
    properties: {
      eval: { runtime_image: 'docker.io/stefanofioravanzo/kale-notebook:0.9' }
    }
  },
  'examples/titanic-ml-dataset/titanic_dataset_ml.ipynb': {
    name: 'titanic-ml',
    steps: [
      'loaddata',
      'datapreprocessing',
      'featureengineering',
      'randomforest',
      'logisticregression',
      'naivebayes',
      'svm',
      'decisiontree',
      'results'
    ],
    prev: [
      ...chain('loaddata', 'datapreprocessing', 'featureengineering'),
      ...after(
        'featureengineering',
        'randomforest',
        'logisticregression',
        'naivebayes',
        'svm',
        'decisiontree'
      ),
      ...['randomforest', 'logisticregression', 'naivebayes', 'svm'].map(
        (s): [string, string] => [s, 'results']
      ),
      ['decisiontree', 'results']
    ],
    warnings: [experiments],
    // The cells after the `skip` cell 22 continue datapreprocessing.
    cells: { datapreprocessing: [21, 23, 25, 27, 29, 30, 32] }
  },
  'kale/tests/assets/notebooks/mount_pvc.ipynb': pvc,
  'kale/tests/assets/notebooks/mount_pvc_env_var.ipynb': {
    ...pvc,
    name: 'mount-pvc-env-var-test'
  },
  'kale/tests/assets/notebooks/pipeline_parameters_and_metrics.ipynb': {
    ...parametersAndMetrics,
    properties: {
      // cache:enabled on the step; enable_caching: false for the others.
      create_matrix: {
        gpu: 2,
        gpu_vendor: 'nvidia.com/gpu',
        disable_node_caching: false
      },
      sum_matrix: { disable_node_caching: true }
    }
  }
};
