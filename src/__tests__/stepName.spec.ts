import {
  STEP_NAME_MAX_LENGTH,
  stepNameProblem,
  suggestStepName
} from '../cells/stepName';

describe('step names are DNS-1123 labels', () => {
  it.each(['train', 'a', '0', 'load-data', 'step-2', 'x'.repeat(63)])(
    'accepts %p',
    name => {
      expect(stepNameProblem(name)).toBeNull();
    }
  );

  it.each([
    ['', 'cannot be empty'],
    ['x'.repeat(64), `at most ${STEP_NAME_MAX_LENGTH} characters`],
    ['Train', 'upper-case'],
    ['load_data', 'characters a step name cannot use (_)'],
    ['load data', 'characters a step name cannot use'],
    ['-train', 'start and end with a letter or digit'],
    ['train-', 'start and end with a letter or digit'],
    ['tr.ain', '(.)'],
    ['ünïcode', 'characters a step name cannot use']
  ])('rejects %p saying %p', (name, reason) => {
    expect(stepNameProblem(name)).toContain(reason);
  });

  it.each([
    ['Train Model', 'train-model'],
    ['load_data', 'load-data'],
    ['--x--', 'x'],
    ['!!!', 'step'],
    ['A'.repeat(80), 'a'.repeat(63)]
  ])('suggests a valid name for %p: %p', (input, suggestion) => {
    expect(suggestStepName(input)).toBe(suggestion);
    expect(stepNameProblem(suggestStepName(input))).toBeNull();
  });
});
