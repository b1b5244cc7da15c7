import {
  exampleRequest,
  sampleFeatures,
  sampleRow
} from '../deployments/testRequest';
import { featureSummary } from '../deployments/modelChoices';
import type { IModelSample } from '../tokens';

const FOUR = [{ name: 'input-0', datatype: 'FP64', shape: [-1, 4] }];
const IRIS: IModelSample = {
  featureNames: ['sepal length', 'sepal width', 'petal length', 'petal width'],
  row: [5.1, 3.5, 1.4, 0.2],
  source: 'X_train'
};

describe('a test request for a model whose step saved a training row', () => {
  it('starts from that row in V1 and V2, not zeros', () => {
    expect(exampleRequest(FOUR, 'v1', IRIS)).toEqual({
      instances: [[5.1, 3.5, 1.4, 0.2]]
    });
    expect(exampleRequest(FOUR, 'v2', IRIS)).toEqual({
      inputs: [
        {
          name: 'input-0',
          shape: [1, 4],
          datatype: 'FP64',
          data: [5.1, 3.5, 1.4, 0.2]
        }
      ]
    });
  });

  it('uses the row before the model server said its inputs', () => {
    expect(exampleRequest(null, 'v1', IRIS)).toEqual({
      instances: [[5.1, 3.5, 1.4, 0.2]]
    });
  });

  it('names each value by its feature', () => {
    expect(sampleFeatures(FOUR, IRIS)).toEqual([
      { name: 'sepal length', value: 5.1 },
      { name: 'sepal width', value: 3.5 },
      { name: 'petal length', value: 1.4 },
      { name: 'petal width', value: 0.2 }
    ]);
  });

  it('falls back to zeros when the row does not fit the inputs the server reported', () => {
    const three = [{ name: 'input-0', datatype: 'FP64', shape: [-1, 3] }];
    expect(sampleRow(three, IRIS)).toBeNull();
    expect(exampleRequest(three, 'v1', IRIS)).toEqual({
      instances: [[0, 0, 0]]
    });
    // The names still say what the zeros stand for.
    expect(sampleFeatures(three, IRIS).map(f => f.value)).toEqual([
      null,
      null,
      null,
      null
    ]);
  });

  it('numbers the features of a model fit on an array, and NaN becomes 0', () => {
    const sample = { featureNames: null, row: [1, null], source: 'data' };
    const two = [{ name: 'input-0', datatype: 'FP64', shape: [-1, 2] }];
    expect(exampleRequest(two, 'v1', sample)).toEqual({ instances: [[1, 0]] });
    expect(sampleFeatures(two, sample)).toEqual([
      { name: 'feature 1', value: 1 },
      { name: 'feature 2', value: 0 }
    ]);
  });

  it('is zeros with no sample, as before', () => {
    expect(sampleFeatures(FOUR, undefined)).toEqual([]);
    expect(exampleRequest(FOUR, 'v1', undefined)).toEqual({
      instances: [[0, 0, 0, 0]]
    });
  });
});

describe('the deploy dialog says what a model takes', () => {
  it('names the first features and how many there are', () => {
    expect(featureSummary({ sample: IRIS })).toBe(
      '4 features: sepal length, sepal width, petal length, …'
    );
    expect(
      featureSummary({
        sample: { featureNames: ['x'], row: null, source: null }
      })
    ).toBe('1 feature: x');
  });

  it('says nothing without feature names', () => {
    expect(featureSummary({})).toBeNull();
    expect(
      featureSummary({
        sample: { featureNames: null, row: [1], source: 'X' }
      })
    ).toBeNull();
  });
});
