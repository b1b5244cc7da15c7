import {
  envVarsValue,
  parsePropertyInput,
  propertyText,
  stepPropertiesOf,
  withLayoutPosition,
  withStepProperties
} from '../panel/pipelineMetadata';

describe('editing step properties in metadata.cellpipe.pipeline', () => {
  it('creates the pipeline entry, with its format version, on a bare notebook', () => {
    expect(withStepProperties(undefined, 'train', { gpu: 1 })).toEqual({
      pipeline: { version: 1, steps: { train: { gpu: 1 } } }
    });
  });

  it('keeps other steps, other properties and unrelated keys', () => {
    const before = {
      note: 'kept',
      pipeline: {
        version: 1,
        defaults: { runtime_image: 'python:3.11-slim' },
        steps: { load: { cpu: 1 }, train: { retries: 2 } },
        edges: [{ from: 'load', to: 'train' }]
      }
    };
    expect(withStepProperties(before, 'train', { memory: '4Gi' })).toEqual({
      note: 'kept',
      pipeline: {
        version: 1,
        defaults: { runtime_image: 'python:3.11-slim' },
        steps: { load: { cpu: 1 }, train: { retries: 2, memory: '4Gi' } },
        edges: [{ from: 'load', to: 'train' }]
      }
    });
  });

  it('does not mutate the metadata it was given', () => {
    const before = { pipeline: { steps: { train: { gpu: 1 } } } };
    withStepProperties(before, 'train', { gpu: 2 });
    expect(before).toEqual({ pipeline: { steps: { train: { gpu: 1 } } } });
  });

  it('removes a property set to undefined, then the empty step and steps', () => {
    const before = { pipeline: { version: 1, steps: { train: { gpu: 1 } } } };
    expect(withStepProperties(before, 'train', { gpu: undefined })).toEqual({
      pipeline: { version: 1 }
    });
  });

  it('keeps a version written by another Cellpipe (the server judges it)', () => {
    const before = { pipeline: { version: 7 } };
    expect(withStepProperties(before, 'a', { retries: 1 })).toEqual({
      pipeline: { version: 7, steps: { a: { retries: 1 } } }
    });
  });

  it.each([null, 'x', [1], { pipeline: 'nope' }])(
    'treats malformed metadata %p as empty',
    value => {
      expect(stepPropertiesOf(value, 'a')).toEqual({});
      expect(withStepProperties(value, 'a', { gpu: 1 })).toMatchObject({
        pipeline: { version: 1, steps: { a: { gpu: 1 } } }
      });
    }
  );

  it('reads a step own entry only', () => {
    const meta = {
      pipeline: {
        defaults: { retries: 3 },
        steps: { train: { gpu: 1 } }
      }
    };
    expect(stepPropertiesOf(meta, 'train')).toEqual({ gpu: 1 });
    expect(stepPropertiesOf(meta, 'other')).toEqual({});
  });

  it('saves a dragged node position, rounded, in the layout', () => {
    expect(
      withLayoutPosition({ pipeline: { layout: { a: { x: 1, y: 2 } } } }, 'b', {
        x: 10.4,
        y: 20.6
      })
    ).toEqual({
      pipeline: {
        version: 1,
        layout: { a: { x: 1, y: 2 }, b: { x: 10, y: 21 } }
      }
    });
  });
});

describe('reading what was typed into a property field', () => {
  it.each([
    ['cpu', '0.5', 0.5],
    ['cpu', '500m', '500m'],
    ['memory', '4', 4],
    ['memory', '4Gi', '4Gi'],
    ['gpu', '1', 1],
    ['retries', ' 2 ', 2],
    ['timeout_seconds', '3600', 3600],
    ['timeout_seconds', 'soon', 'soon'],
    ['runtime_image', ' python:3.12 ', 'python:3.12'],
    ['gpu', '', undefined],
    ['runtime_image', '   ', undefined],
    [
      'packages',
      'xgboost, scikit-learn>=1.5\n lightgbm',
      ['xgboost', 'scikit-learn>=1.5', 'lightgbm']
    ],
    ['packages', ' ', undefined]
  ] as const)('%s %p -> %p', (key, text, value) => {
    expect(parsePropertyInput(key, text)).toEqual(value);
  });

  it('drops env var rows without a name, and the list when none is left', () => {
    expect(
      envVarsValue([
        { env_var: ' A ', value: '1' },
        { env_var: '', value: 'lost' }
      ])
    ).toEqual([{ env_var: 'A', value: '1' }]);
    expect(envVarsValue([{ env_var: ' ', value: 'x' }])).toBeUndefined();
  });

  it('shows stored values as field text', () => {
    expect(propertyText(undefined)).toBe('');
    expect(propertyText('4Gi')).toBe('4Gi');
    expect(propertyText(0.5)).toBe('0.5');
    expect(propertyText(['xgboost', 'scikit-learn>=1.5'])).toBe(
      'xgboost scikit-learn>=1.5'
    );
  });
});
