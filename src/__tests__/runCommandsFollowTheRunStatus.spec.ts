import type { ICompileResult, IParameter, IProblem } from '../api/wire';
import {
  refusedRunMessage,
  rerunParameters,
  runActions
} from '../pipelines/runMessages';

const compile = {
  steps: [{ name: 'train', cells: [{ id: 'c1', index: 0 }] }],
  problems: []
} as unknown as ICompileResult;

function problem(extra: Partial<IProblem>): IProblem {
  return { path: 'p', kind: 'k', severity: 'error', message: 'm', ...extra };
}

describe('run commands', () => {
  it.each([
    [null, { run: true, cancel: false, resume: false, rerun: true }],
    ['queued', { run: false, cancel: true, resume: false, rerun: false }],
    ['running', { run: false, cancel: true, resume: false, rerun: false }],
    ['succeeded', { run: true, cancel: false, resume: false, rerun: true }],
    ['failed', { run: true, cancel: false, resume: true, rerun: true }],
    ['cancelled', { run: true, cancel: false, resume: true, rerun: true }]
  ] as const)('with the shown run %p: %p', (status, expected) => {
    expect(runActions(status)).toEqual(expected);
  });

  it('a refused run says how many problems and that the cells show them', () => {
    expect(refusedRunMessage(compile, [problem({ cellId: 'c1' })])).toBe(
      'The pipeline was not run: 1 problem. It is shown on the cells.'
    );
    expect(
      refusedRunMessage(compile, [
        problem({ cellId: 'c1' }),
        problem({ step: 'train' })
      ])
    ).toBe(
      'The pipeline was not run: 2 problems. They are shown on the cells.'
    );
  });

  it('problems no cell shows are spelled out', () => {
    const param = problem({
      path: 'parameters.lr',
      message: 'parameter "lr" (float): expected a number, got "x"'
    });
    expect(refusedRunMessage(compile, [problem({ cellId: 'c1' }), param])).toBe(
      'The pipeline was not run: 2 problems. 1 is shown on the cells. parameter "lr" (float): expected a number, got "x".'
    );
    const many = Array.from({ length: 5 }, (_, i) =>
      problem({ message: `p${i}` })
    );
    expect(refusedRunMessage(null, many)).toBe(
      'The pipeline was not run: 5 problems. p0. p1. p2. And 2 more in the Pipelines panel.'
    );
  });

  it('"Re-run" keeps the last values of parameters the pipeline still has', () => {
    const params = [{ name: 'lr' }, { name: 'n' }] as IParameter[];
    expect(rerunParameters({ lr: 0.2, gone: 1 }, params)).toEqual({ lr: 0.2 });
    expect(rerunParameters(undefined, params)).toBeUndefined();
    expect(rerunParameters({ lr: 1 }, undefined)).toEqual({ lr: 1 });
  });
});
