import { withoutStep, withStep } from '../cells/cellMarkEdits';
import { readCellMetadata, stepOf } from '../cells/cellMarks';

describe('writing metadata.cellpipe on cells', () => {
  it('sets the step on a cell without metadata', () => {
    expect(withStep(undefined, 'train')).toEqual({ step: 'train' });
  });

  it('renames the step and keeps unrelated keys', () => {
    const before = { step: 'old', after: ['load'], note: 'kept' };
    expect(withStep(before, 'train')).toEqual({
      step: 'train',
      after: ['load'],
      note: 'kept'
    });
  });

  it('does not mutate the value it was given', () => {
    const before = { step: 'old' };
    withStep(before, 'new');
    expect(before).toEqual({ step: 'old' });
  });

  it.each(['skip', 'imports', 'functions', 'parameters', 'metrics'])(
    'clears the %p role, which excludes being a named step',
    role => {
      expect(withStep({ [role]: true }, 'train')).toEqual({ step: 'train' });
    }
  );

  it.each([null, 42, 'train', ['train']])(
    'treats malformed metadata %p as empty',
    value => {
      expect(readCellMetadata(value)).toEqual({});
      expect(withStep(value, 'train')).toEqual({ step: 'train' });
    }
  );

  it('reads the step only when it is a non-empty string', () => {
    expect(stepOf({ step: 'train' })).toBe('train');
    expect(stepOf({ step: '' })).toBeUndefined();
    expect(stepOf({ step: 3 })).toBeUndefined();
    expect(stepOf(undefined)).toBeUndefined();
  });

  it('removes the step, and the whole entry when nothing else is left', () => {
    expect(withoutStep({ step: 'train' })).toBeUndefined();
    expect(withoutStep({ step: 'train', after: ['a'] })).toEqual({
      after: ['a']
    });
  });
});
