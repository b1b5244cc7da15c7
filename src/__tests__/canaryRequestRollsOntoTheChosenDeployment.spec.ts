import type { IRunSummary } from '../api/wire';
import { chooseCanaryBase } from '../deployments/canaryForm';
import {
  deployRequest,
  initialDeployForm,
  refusedField,
  type IDeployFormState
} from '../deployments/deployForm';
import { modelChoices, type IRunArtifacts } from '../deployments/modelChoices';
import { artifact, deployment } from './deploymentFixtures';

const run: Pick<
  IRunSummary,
  'id' | 'name' | 'status' | 'notebookPath' | 'createdAt'
> = {
  id: 'r-2',
  name: 'iris',
  status: 'succeeded',
  notebookPath: 'work/iris.ipynb',
  createdAt: '2025-01-02T10:00:00.000Z'
};
const choices = modelChoices([
  { run, artifacts: [artifact('model', 'joblib')] } as IRunArtifacts
]);

/** On KServe in namespace ml, serving run r-1's model with 1–3 replicas. */
const stable = deployment({
  name: 'churn',
  target: 'kubernetes',
  kind: 'inference-service',
  namespace: 'ml',
  runId: 'r-1',
  minReplicas: 1,
  maxReplicas: 3
});

function form(patch: Partial<IDeployFormState> = {}): IDeployFormState {
  const state: IDeployFormState = {
    ...initialDeployForm(choices[0], new Set(['churn'])),
    target: 'kubernetes'
  };
  return { ...state, ...patch };
}

/** The form once `base` was chosen to roll onto. */
function canaryOf(
  base: typeof stable,
  patch: Partial<IDeployFormState> = {}
): IDeployFormState {
  const state = form();
  return { ...state, ...chooseCanaryBase(state, base), ...patch };
}

describe('the request of a canary rollout', () => {
  it('goes under the chosen deployment’s name with the share, 10% by default', () => {
    const base = deployment({
      ...stable,
      minReplicas: null,
      maxReplicas: null
    });
    expect(deployRequest(canaryOf(base, { name: 'typed' }), choices)).toEqual({
      ok: true,
      request: {
        runId: 'r-2',
        step: 'train',
        artifact: 'model',
        name: 'churn',
        target: 'kubernetes',
        canaryTrafficPercent: 10
      }
    });
  });

  it('sends replicas only when given: the chosen deployment’s, or typed', () => {
    const built = deployRequest(canaryOf(stable), choices);
    expect(built.ok && built.request).toMatchObject({
      minReplicas: 1,
      maxReplicas: 3,
      canaryTrafficPercent: 10
    });
    const typed = deployRequest(
      canaryOf(stable, { minReplicas: ' ', maxReplicas: '5' }),
      choices
    );
    expect(typed.ok && typed.request).not.toHaveProperty('minReplicas');
    expect(typed.ok && typed.request.maxReplicas).toBe(5);
  });

  it('takes a whole percent from 1 to 99', () => {
    expect(
      deployRequest(canaryOf(stable, { canaryPercent: '25' }), choices)
    ).toMatchObject({ ok: true, request: { canaryTrafficPercent: 25 } });
    for (const text of ['0', '100', '12.5', '']) {
      expect(
        deployRequest(canaryOf(stable, { canaryPercent: text }), choices)
      ).toEqual({
        ok: false,
        error: 'Canary traffic must be a whole percent from 1 to 99, e.g. 10.',
        field: 'canaryPercent'
      });
    }
  });

  it('is a plain deploy again with none chosen, or locally', () => {
    const chosen = canaryOf(stable, { minReplicas: '' });
    const none = { ...chosen, ...chooseCanaryBase(chosen, null) };
    const plain = deployRequest(none, choices);
    expect(plain.ok && plain.request).toEqual({
      runId: 'r-2',
      step: 'train',
      artifact: 'model',
      name: 'iris-model',
      target: 'kubernetes',
      minReplicas: 1,
      maxReplicas: 3
    });
    const local = deployRequest({ ...chosen, target: 'local' }, choices);
    expect(local.ok && local.request).toEqual({
      runId: 'r-2',
      step: 'train',
      artifact: 'model',
      name: 'iris-model',
      target: 'local'
    });
  });

  it('marks the canary inputs when the server refuses the rollout', () => {
    const state = canaryOf(stable);
    const field = (kind: string, message: string, paths: string[] = []) =>
      refusedField(state, { kind, message, paths });
    expect(
      field(
        'invalid_request',
        'canaryTrafficPercent needs KServe (serving.kserve.io/v1beta1 InferenceService)'
      )
    ).toBe('canary');
    expect(field('not_found', 'no deployment named "churn"')).toBe('canary');
    expect(field('not_found', 'no run r-2')).toBeNull();
    expect(field('invalid_request', 'too big', ['canaryTrafficPercent'])).toBe(
      'canaryPercent'
    );
    expect(field('invalid_request', 'bad', ['maxReplicas'])).toBe('replicas');
    expect(field('not_a_model', 'a DataFrame is not a model')).toBeNull();
  });
});
