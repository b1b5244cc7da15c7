import { stepNameProblem, suggestStepName } from '../cells/stepName';
import { serverCases } from './serverCases';

describe('step names are DNS-1123 labels or Kale step names', () => {
  it.each([
    'train',
    'a',
    '0',
    'load-data',
    'step-2',
    'x'.repeat(63),
    'load_transform_data',
    '_private',
    'train_'
  ])('accepts %p', name => {
    expect(stepNameProblem(name)).toBeNull();
  });

  // The reasons, word for word as the server gives them.
  it.each(serverCases.stepNames.map(c => [c.name, c.problem] as const))(
    'judges %p as the server does',
    (name, problem) => {
      expect(stepNameProblem(name)).toBe(problem);
    }
  );

  it.each([
    ['Train Model', 'train-model'],
    ['Train_Model', 'train_model'],
    ['2_load', 'load'],
    ['load_data-x', 'load-data-x'],
    ['--x--', 'x'],
    ['!!!', 'step'],
    ['A'.repeat(80), 'a'.repeat(63)]
  ])('suggests a valid name for %p: %p', (input, suggestion) => {
    expect(suggestStepName(input)).toBe(suggestion);
    expect(stepNameProblem(suggestStepName(input))).toBeNull();
  });
});
