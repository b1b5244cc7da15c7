import type { IRunSummary, RunStatus } from '../api/wire';
import {
  chooseModel,
  deployRequest,
  initialDeployForm,
  kubernetesOption,
  refusedField
} from '../deployments/deployForm';
import {
  bestChoice,
  initialChoice,
  isModelArtifact,
  modelChoices,
  type IRunArtifacts
} from '../deployments/modelChoices';
import { clusterStatus } from './clusterFixtures';
import { artifact } from './deploymentFixtures';

function run(id: string, status: RunStatus): IRunArtifacts['run'] {
  const summary: Pick<
    IRunSummary,
    'id' | 'name' | 'status' | 'notebookPath' | 'createdAt'
  > = {
    id,
    name: 'iris',
    status,
    notebookPath: 'work/iris.ipynb',
    createdAt: '2025-01-01T10:00:00.000Z'
  };
  return summary;
}

const sources: IRunArtifacts[] = [
  {
    run: run('r-3', 'succeeded'),
    artifacts: [
      artifact('X', 'npy'),
      artifact('model', 'joblib'),
      artifact('scaler', 'joblib', { step: 'prep' })
    ]
  },
  {
    run: run('r-2', 'failed'),
    artifacts: [artifact('model', 'joblib')]
  },
  {
    run: run('r-1', 'succeeded'),
    artifacts: [artifact('frame', 'pandas-pickle'), artifact('model', 'joblib')]
  }
];

describe('the models the deploy dialog offers', () => {
  it('are the joblib artifacts of succeeded runs, newest run first', () => {
    expect(
      modelChoices(sources).map(c => `${c.runId}/${c.step}/${c.artifact}`)
    ).toEqual(['r-3/train/model', 'r-3/prep/scaler', 'r-1/train/model']);
  });

  it('include the model the dialog was opened from, even of a failed run', () => {
    const from = { runId: 'r-2', step: 'train', artifact: 'model' };
    const choices = modelChoices(sources, from);
    expect(choices.map(c => c.runId)).toContain('r-2');
    expect(initialChoice(choices, from)?.runId).toBe('r-2');
  });

  it('never include data, even when opened from it', () => {
    const from = { runId: 'r-3', step: 'train', artifact: 'X' };
    const choices = modelChoices(sources, from);
    expect(choices.some(c => c.artifact === 'X')).toBe(false);
    expect(initialChoice(choices, from)?.artifact).toBe('model');
    expect(isModelArtifact(artifact('X', 'pickle'))).toBe(false);
  });

  it('offer nothing when no run stored a model', () => {
    expect(
      initialChoice(
        modelChoices([sources[0]].map(s => ({ ...s, artifacts: [] }))),
        null
      )
    ).toBeNull();
  });
});

describe('the deploy form', () => {
  const choices = modelChoices(sources);
  const taken = new Set<string>();

  it('starts local, named after the notebook and the model', () => {
    const state = initialDeployForm(choices[0], taken);
    expect(state).toMatchObject({ name: 'iris-model', target: 'local' });
    expect(deployRequest(state, choices)).toEqual({
      ok: true,
      request: {
        runId: 'r-3',
        step: 'train',
        artifact: 'model',
        name: 'iris-model',
        target: 'local'
      }
    });
  });

  it('renames with the model chosen, unless a name was typed', () => {
    const state = initialDeployForm(choices[0], taken);
    expect(chooseModel(state, choices[1], taken).name).toBe('iris-scaler');
    const typed = { ...state, name: 'prod', nameEdited: true };
    expect(chooseModel(typed, choices[1], taken).name).toBe('prod');
  });

  it('sends replicas for Kubernetes only, as numbers', () => {
    const state = {
      ...initialDeployForm(choices[0], taken),
      target: 'kubernetes' as const,
      minReplicas: '1',
      maxReplicas: ' 3 '
    };
    const built = deployRequest(state, choices);
    expect(built.ok && built.request).toMatchObject({
      target: 'kubernetes',
      minReplicas: 1,
      maxReplicas: 3
    });
    expect(deployRequest({ ...state, maxReplicas: '1.5' }, choices)).toEqual({
      ok: false,
      error: 'Max replicas must be a whole number, e.g. 1.',
      field: 'replicas'
    });
  });

  it('marks the input the server’s refusal is about', () => {
    const state = initialDeployForm(choices[0], taken);
    const field = (kind: string, paths: string[]) =>
      refusedField(state, { kind, message: 'refused', paths });
    expect(field('conflict', [])).toBe('name');
    expect(field('invalid_request', ['name'])).toBe('name');
    expect(field('invalid_request', ['minReplicas'])).toBe('replicas');
    expect(field('not_a_model', [])).toBeNull();
  });

  it('offers Kubernetes when the cluster is reachable', () => {
    const view = (status: ReturnType<typeof clusterStatus> | null) => ({
      status,
      error: null,
      loading: false
    });
    expect(kubernetesOption(view(clusterStatus()))).toEqual({
      enabled: true,
      note: null
    });
    expect(kubernetesOption(view(clusterStatus({ reachable: false })))).toEqual(
      { enabled: false, note: 'cluster unreachable' }
    );
    expect(
      kubernetesOption(
        view(clusterStatus({ configured: false, reachable: false }))
      )
    ).toEqual({ enabled: false, note: 'not configured' });
    expect(kubernetesOption(view(null)).enabled).toBe(false);
  });
});

describe('the model the deploy dialog starts with', () => {
  const metric = (name: string, value: number) => ({
    step: 'train',
    name,
    value,
    at: '2025-01-01T10:00:00.000Z'
  });
  const withMetrics = (name: string, values: number[]): IRunArtifacts[] =>
    values.map((value, i) => ({
      run: {
        ...run(`r-${values.length - i}`, 'succeeded'),
        title: `iris #${i}`
      },
      artifacts: [artifact('model', 'joblib')],
      metrics: [
        metric(name, value - 1),
        metric(name, value),
        metric('other', 1)
      ]
    }));

  it('is the best by the first metric: higher accuracy, and it says so', () => {
    const choices = modelChoices(withMetrics('accuracy', [0.8, 0.95, 0.9]));
    expect(choices[1].metrics).toEqual([
      { name: 'accuracy', value: 0.95 },
      { name: 'other', value: 1 }
    ]);
    expect(choices[1].runTitle).toBe('iris #1');
    expect(initialChoice(choices, null)?.runId).toBe('r-2');
    expect(bestChoice(choices)).toMatchObject({
      metric: 'accuracy',
      value: 0.95,
      higherIsBetter: true
    });
  });

  it('is the lowest loss for a loss', () => {
    const choices = modelChoices(withMetrics('val_loss', [0.3, 0.2, 0.25]));
    expect(bestChoice(choices)).toMatchObject({
      metric: 'val_loss',
      value: 0.2,
      higherIsBetter: false
    });
  });

  it('is the newest model without metrics, and the one opened from always', () => {
    expect(initialChoice(modelChoices(sources), null)?.runId).toBe('r-3');
    const choices = modelChoices(withMetrics('accuracy', [0.8, 0.95]));
    const from = { runId: 'r-2', step: 'train', artifact: 'model' };
    expect(initialChoice(choices, from)?.runId).toBe('r-2');
  });
});
