import type { IProblem } from '../api/wire';
import {
  panelProblems,
  parameterProblems,
  problemPlace,
  propertyProblems
} from '../panel/problems';
import { compileResult } from './fixtures';

function problem(extra: Partial<IProblem>): IProblem {
  return {
    path: 'x',
    message: 'm',
    kind: 'k',
    severity: 'error',
    ...extra
  };
}

describe('the problems the panel lists', () => {
  it('merges compile and run problems without repeats, errors first, in cell order', () => {
    const compile = compileResult([], [], {
      problems: [
        problem({ kind: 'undefined-name', severity: 'warning', cellIndex: 0 }),
        problem({ kind: 'syntax-error', cellIndex: 5 }),
        problem({ kind: 'cycle' })
      ]
    });
    const run = [
      problem({ kind: 'syntax-error', cellIndex: 5 }),
      problem({ kind: 'invalid-parameter-value', cellIndex: 2 })
    ];
    expect(panelProblems(compile, run).map(p => p.kind)).toEqual([
      'invalid-parameter-value',
      'syntax-error',
      'cycle',
      'undefined-name'
    ]);
  });

  it('has none without a compile result or run problems', () => {
    expect(panelProblems(null, [])).toEqual([]);
  });

  it('finds the problems of one step property, however the path starts', () => {
    const problems = [
      problem({ path: 'steps.train.gpu' }),
      problem({
        path: 'metadata.cellpipe.pipeline.steps.train.env_vars.0.value'
      }),
      problem({ path: 'steps.train.gpu_vendor' }),
      problem({ path: 'steps.trainer.gpu' })
    ];
    expect(propertyProblems(problems, 'train', 'gpu').map(p => p.path)).toEqual(
      ['steps.train.gpu']
    );
    expect(propertyProblems(problems, 'train', 'env_vars')).toHaveLength(1);
  });

  it('finds the problems of one parameter', () => {
    const problems = [
      problem({ path: 'parameters.lr' }),
      problem({ path: 'parameters.lr2' })
    ];
    expect(parameterProblems(problems, 'lr')).toHaveLength(1);
  });

  it('says where a problem is, counting cells from 1', () => {
    expect(problemPlace(problem({ step: 'a', cellIndex: 2, line: 4 }))).toBe(
      'step a, cell 3, line 4'
    );
    expect(problemPlace(problem({}))).toBe('');
  });

  it('says nothing more when the message already names the cell', () => {
    const p = problem({
      message: 'step "a", cell 3, line 1: invalid syntax',
      step: 'a',
      cellIndex: 2,
      line: 1
    });
    expect(problemPlace(p)).toBe('');
    expect(problemPlace({ ...p, message: 'cell 31 is odd' })).toBe(
      'step a, cell 3, line 1'
    );
  });
});
