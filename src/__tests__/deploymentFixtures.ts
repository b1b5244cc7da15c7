import type { IArtifact, IDeployment } from '../api/wire';

export function artifact(
  name: string,
  format: string,
  extra: Partial<IArtifact> = {}
): IArtifact {
  return {
    step: 'train',
    name,
    type:
      format === 'joblib'
        ? 'sklearn.linear_model.LogisticRegression'
        : 'numpy.ndarray',
    format,
    size: 2048,
    sha256: `sha-${name}`,
    ...extra
  };
}

/** A ready local deployment of `model` from step `train` of run `r-1`. */
export function deployment(extra: Partial<IDeployment> = {}): IDeployment {
  return {
    name: 'iris-model',
    target: 'local',
    kind: 'process',
    status: 'ready',
    reason: null,
    url: 'http://127.0.0.1:9001',
    runId: 'r-20250101-100000-abcdef',
    step: 'train',
    artifact: 'model',
    model: artifact('model', 'joblib'),
    modelFormat: null,
    inputs: [{ name: 'input-0', datatype: 'FP64', shape: [-1, 4] }],
    restarts: 0,
    namespace: null,
    minReplicas: null,
    maxReplicas: null,
    canaryTrafficPercent: null,
    stable: null,
    warnings: [],
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:01.000Z',
    readyAt: '2025-01-01T10:00:01.000Z',
    ...extra
  };
}
