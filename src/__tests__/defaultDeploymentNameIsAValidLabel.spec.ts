import {
  defaultDeploymentName,
  MAX_NAME_LENGTH
} from '../deployments/deployName';

const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

describe('the default deployment name', () => {
  it.each<[string | null, string, string]>([
    ['iris.ipynb', 'model', 'iris-model'],
    ['work/Iris Train_v2.ipynb', 'clf', 'iris-train-v2-clf'],
    ['churn_model.ipynb', 'model', 'churn-model'],
    ['model.ipynb', 'model', 'model'],
    [null, 'best_model', 'best-model'],
    ['2024 run.ipynb', 'model', 'model-2024-run-model'],
    ['Café.ipynb', 'model', 'cafe-model'],
    ['___.ipynb', '_', 'model']
  ])('%p with artifact %p is %p', (path, artifact, name) => {
    expect(defaultDeploymentName(path, artifact)).toBe(name);
  });

  it('fits 45 characters, keeping the artifact’s name', () => {
    const name = defaultDeploymentName(
      'a-very-long-notebook-name-about-training-classifiers.ipynb',
      'gradient_boosting'
    );
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(name).toMatch(DNS_1035);
    expect(name.endsWith('-gradient-boosting')).toBe(true);
  });

  it('cuts an artifact name that alone is too long', () => {
    const name = defaultDeploymentName(null, 'm'.repeat(60));
    expect(name).toBe('m'.repeat(MAX_NAME_LENGTH));
  });

  it('avoids names already deployed', () => {
    const taken = new Set(['iris-model', 'iris-model-2']);
    expect(defaultDeploymentName('iris.ipynb', 'model', taken)).toBe(
      'iris-model-3'
    );
    const long = 'x'.repeat(MAX_NAME_LENGTH);
    const next = defaultDeploymentName(null, long, new Set([long]));
    expect(next).toBe(`${'x'.repeat(MAX_NAME_LENGTH - 2)}-2`);
  });

  it('is always a DNS-1035 label', () => {
    for (const [path, art] of [
      ['-x-.ipynb', '-'],
      ['9.ipynb', '9'],
      ['UPPER CASE.ipynb', 'Model_Final_']
    ]) {
      expect(defaultDeploymentName(path, art)).toMatch(DNS_1035);
    }
  });
});
