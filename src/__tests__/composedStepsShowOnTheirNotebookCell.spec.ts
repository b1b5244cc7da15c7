import type { ICompileResult } from '../api/wire';
import { cellDecorations } from '../cells/decorations';
import { runRecord as run, stepRecord as step } from './fixtures';

/** A composed pipeline: `own` in this notebook, `load` and `fit` from prep.ipynb via cell `ref`. */
function composed(): ICompileResult {
  const base = {
    inputs: [],
    outputs: [],
    after: [],
    dependsOn: [],
    metrics: [],
    parameters: [],
    properties: {}
  };
  const referenced = (id: string, index: number) => ({
    id: `prep.ipynb#${id}`,
    index,
    notebook: 'prep.ipynb',
    via: 'ref'
  });
  return {
    name: 'p',
    ok: true,
    steps: [
      { ...base, name: 'load', cells: [referenced('x', 0)], programHash: 'l' },
      { ...base, name: 'fit', cells: [referenced('y', 1)], programHash: 'f' },
      {
        ...base,
        name: 'own',
        cells: [{ id: 'own', index: 2 }],
        programHash: 'o'
      }
    ],
    edges: [],
    order: ['load', 'fit', 'own'],
    prelude: [],
    parameters: [],
    metrics: [],
    layout: {},
    problems: []
  };
}

describe('steps of a composed notebook', () => {
  it('show on the notebook: cell as one chip naming the notebook', () => {
    const d = cellDecorations(composed(), null, []);
    expect(d.get('ref')).toMatchObject({
      step: 'prep.ipynb · 2 steps',
      first: true,
      status: null
    });
    expect(d.get('own')).toMatchObject({ step: 'own', first: true });
    expect(d.has('prep.ipynb#x')).toBe(false);
  });

  it('take the worst status among them in a run', () => {
    const running = run([
      step('load', 'succeeded'),
      step('fit', 'running'),
      step('own', 'pending')
    ]);
    expect(cellDecorations(composed(), running, []).get('ref')?.status).toBe(
      'running'
    );
    const failed = run([step('load', 'failed'), step('fit', 'skipped')]);
    expect(cellDecorations(composed(), failed, []).get('ref')?.status).toBe(
      'failed'
    );
  });
});
