import type { ICompileResult, IProblem } from '../api/wire';
import {
  cellDecorations,
  roleStarts,
  type ICellDecoration
} from '../cells/decorations';
import {
  chipStatusText,
  errorView,
  formatClock,
  formatMetric
} from '../cells/decorationText';
import {
  problemsByCell,
  problemsWithoutCell
} from '../pipelines/problemPlaces';
import { formatDuration } from '../ui/format';
import { runRecord as run, stepRecord as step } from './fixtures';

function compile(
  steps: Record<string, string[]>,
  problems: IProblem[] = []
): ICompileResult {
  return {
    name: 'p',
    ok: true,
    steps: Object.entries(steps).map(([name, cells]) => ({
      name,
      cells: cells.map((id, index) => ({ id, index })),
      inputs: [],
      outputs: [],
      after: [],
      dependsOn: [],
      metrics: [],
      parameters: [],
      properties: {},
      programHash: name
    })),
    edges: [],
    order: Object.keys(steps),
    prelude: [],
    parameters: [],
    metrics: [],
    layout: {},
    problems
  };
}

function problem(extra: Partial<IProblem>): IProblem {
  return {
    path: 'p',
    message: 'm',
    kind: 'k',
    severity: 'error',
    ...extra
  };
}

const pipeline = compile({ load: ['a', 'b'], train: ['c', 'd'] });

describe('cell decorations', () => {
  it('without a run, cells show their step and no status', () => {
    const d = cellDecorations(pipeline, null, []);
    expect(d.get('a')).toMatchObject({
      step: 'load',
      first: true,
      status: null
    });
    expect(d.get('b')).toMatchObject({ step: 'load', first: false });
    expect(cellDecorations(null, null, []).size).toBe(0);
  });

  it("every cell of a step takes the step's status in the run", () => {
    const r = run([
      step('load', 'succeeded', { durationMs: 1200 }),
      step('train', 'running', { startedAt: '2024-01-01T00:00:00Z' })
    ]);
    const d = cellDecorations(pipeline, r, []);
    expect(d.get('b')).toMatchObject({ status: 'succeeded', durationMs: 1200 });
    expect(d.get('d')).toMatchObject({ status: 'running' });
  });

  it('the error goes to the cell that raised', () => {
    const error = { kind: 'cell', message: 'boom', cellId: 'c', line: 2 };
    const d = cellDecorations(
      pipeline,
      run([step('train', 'failed', { error })]),
      []
    );
    expect(d.get('c')?.error).toEqual(error);
    expect(d.get('d')?.error).toBeNull();
  });

  it('an error naming a cell that is gone shows on the last cell of the step', () => {
    const error = { kind: 'cell', message: 'boom', cellId: 'deleted' };
    const d = cellDecorations(
      pipeline,
      run([step('train', 'failed', { error })]),
      []
    );
    expect(d.get('d')?.error).toEqual(error);
  });

  it("carries the step's reason", () => {
    const r = run([step('train', 'skipped', { reason: 'load failed' })]);
    expect(cellDecorations(pipeline, r, []).get('c')?.reason).toBe(
      'load failed'
    );
  });

  it('problems go to their cell, or to the first cell of their step, once', () => {
    const onCell = problem({ cellId: 'b', message: 'syntax' });
    const onStep = problem({ step: 'train', message: 'cycle' });
    const orphan = problem({ cellId: 'x', message: 'before the first step' });
    const c = compile({ load: ['a', 'b'], train: ['c'] }, [
      onCell,
      onStep,
      orphan
    ]);
    const byCell = problemsByCell(c, [onCell]);
    expect(byCell.get('b')).toEqual([onCell]);
    expect(byCell.get('c')).toEqual([onStep]);
    const d = cellDecorations(c, null, [onCell]);
    expect(d.get('x')).toMatchObject({ step: null, problems: [orphan] });
  });

  it('problems no cell shows are listed for the notification', () => {
    const param = problem({ path: 'parameters.lr' });
    const onStep = problem({ step: 'load' });
    const unknownStep = problem({ step: 'nope' });
    expect(problemsWithoutCell(pipeline, [param, onStep, unknownStep])).toEqual(
      [param, unknownStep]
    );
  });
});

describe("a step's metrics on its cell", () => {
  const at = '2025-01-01T10:00:01.000Z';
  const shown = run([step('load', 'succeeded'), step('train', 'succeeded')], {
    metrics: [
      { step: 'train', name: 'score', value: 0.5, at },
      { step: 'train', name: 'loss', value: 0.25, at },
      { step: 'train', name: 'score', value: 0.9733333, at }
    ]
  });

  it('go on the first cell of the step, the last value of each', () => {
    const d = cellDecorations(pipeline, shown, []);
    expect(d.get('c')?.metrics).toEqual([
      { name: 'score', value: 0.9733333 },
      { name: 'loss', value: 0.25 }
    ]);
    expect(d.get('d')?.metrics).toEqual([]);
    expect(d.get('a')?.metrics).toEqual([]);
  });

  it.each([
    [0.9733333, '0.9733'],
    [12, '12'],
    [123456.7, '123500'],
    [-0.000123456, '-0.0001235']
  ])('%p reads %p', (value, text) => {
    expect(formatMetric(value)).toBe(text);
  });
});

describe('role chips', () => {
  it('go on the first cell of each imports, parameters, metrics or skip region', () => {
    const starts = roleStarts(
      ['i1', 'i2', 'p', 's1', 'x', 's2'],
      [
        { kind: 'role', role: 'imports' },
        { kind: 'role', role: 'imports' },
        { kind: 'role', role: 'parameters' },
        { kind: 'role', role: 'skip' },
        { kind: 'step', step: 'x' },
        { kind: 'role', role: 'skip' }
      ]
    );
    expect([...starts]).toEqual([
      ['i1', 'imports'],
      ['p', 'parameters'],
      ['s1', 'skip'],
      ['s2', 'skip']
    ]);
  });

  it('appear with the compile, and never replace a step decoration', () => {
    const roles = new Map([
      ['i1', 'imports' as const],
      ['a', 'skip' as const]
    ]);
    const d = cellDecorations(pipeline, null, [], roles);
    expect(d.get('i1')).toMatchObject({
      role: 'imports',
      first: true,
      step: null
    });
    expect(d.get('a')).toMatchObject({ role: null, step: 'load' });
    expect(cellDecorations(null, null, [], roles).size).toBe(0);
  });
});

describe('decoration text', () => {
  const base: ICellDecoration = {
    step: 'train',
    role: null,
    status: null,
    first: true,
    startedAt: null,
    durationMs: null,
    reason: null,
    error: null,
    problems: [],
    metrics: [],
    editedCell: null
  };
  const now = Date.parse('2024-01-01T00:01:05Z');

  it.each<[Partial<ICellDecoration>, string]>([
    [{}, ''],
    [{ status: 'running', startedAt: '2024-01-01T00:00:00Z' }, 'running 1:05'],
    [{ status: 'succeeded', durationMs: 1234 }, 'succeeded in 1.2 s'],
    [{ status: 'failed', durationMs: 65000 }, 'failed in 1 m 05 s'],
    [{ status: 'cached' }, 'cached'],
    [{ status: 'pending' }, 'pending'],
    [{ status: 'skipped' }, 'skipped']
  ])('chip status for %p is %p', (extra, text) => {
    expect(chipStatusText({ ...base, ...extra }, now)).toBe(text);
  });

  it.each([
    [850, '850 ms'],
    [12300, '12 s'],
    [9400, '9.4 s'],
    [3723000, '1 h 02 m']
  ])('duration %p ms reads %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('elapsed clock', () => {
    expect(formatClock('2024-01-01T00:00:58Z', now)).toBe('0:07');
    expect(formatClock('2023-12-31T22:59:02Z', now)).toBe('1:02:03');
    expect(formatClock(null, now)).toBe('');
    expect(formatClock('2024-01-01T00:02:00Z', now)).toBe('0:00');
  });

  it('a failed cell shows the exception, the line and its text', () => {
    const view = errorView(
      {
        kind: 'cell',
        message: 'ZeroDivisionError: division by zero (cell 2, line 2)',
        ename: 'ZeroDivisionError',
        evalue: 'division by zero',
        line: 2,
        traceback: 'Traceback...\n'
      },
      'x = 1\ny = x / 0\n'
    );
    expect(view).toEqual({
      headline: 'ZeroDivisionError: division by zero',
      location: 'line 2: y = x / 0',
      traceback: 'Traceback...\n'
    });
  });

  it('an error without an exception shows its message', () => {
    expect(
      errorView({ kind: 'timeout', message: 'timed out after 30 s' }, '')
    ).toEqual({
      headline: 'timed out after 30 s',
      location: null,
      traceback: null
    });
    expect(
      errorView(
        { kind: 'cell', message: 'm', ename: 'KeyboardInterrupt', line: 9 },
        'x'
      )
    ).toMatchObject({
      headline: 'KeyboardInterrupt',
      location: 'line 9'
    });
  });
});
