import { renderChip } from '../cells/cellDecorationDom';
import { cellDecorations } from '../cells/decorations';
import { editedSteps } from '../cells/editedSteps';
import { compiledStep, compileResult, runRecord, stepRecord } from './fixtures';

/*
 * A cell edited after the run shown does not keep its "succeeded" chip as if
 * it were current: its step's chip says the status is from before the edit.
 */

// Steps load (cells load-0, load-1) and train (train-0); imports cell imp.
const pipeline = compileResult(
  [compiledStep('load', 2), compiledStep('train')],
  [],
  {
    prelude: [{ id: 'imp', index: 0 }]
  }
);
const ran = {
  cells: {
    imp: 'import numpy',
    'load-0': 'x = 1',
    'load-1': 'y = 2',
    'train-0': 'fit(x)'
  }
};
const now = (changes: Record<string, string> = {}) =>
  new Map(Object.entries({ ...ran.cells, ...changes }));

describe('edited steps', () => {
  it('are none while the cells are as the run had them', () => {
    expect(editedSteps(pipeline, ran, now()).size).toBe(0);
  });

  it('are the steps with a changed cell, with that cell', () => {
    expect([...editedSteps(pipeline, ran, now({ 'load-1': 'y = 3' }))]).toEqual(
      [['load', 1]]
    );
  });

  it('are every step when an imports cell changed', () => {
    expect([
      ...editedSteps(pipeline, ran, now({ imp: 'import pandas' })).keys()
    ]).toEqual(['load', 'train']);
  });

  it('count a cell the run did not have as edited', () => {
    const grown = compileResult([compiledStep('load', 3)]);
    expect(
      editedSteps(grown, ran, now({ 'load-2': 'z = 3' })).get('load')
    ).toBe(2);
  });

  it('are none without a run or a compile', () => {
    expect(editedSteps(null, ran, now({ 'load-0': '' })).size).toBe(0);
    expect(editedSteps(pipeline, null, now({ 'load-0': '' })).size).toBe(0);
  });
});

describe('the chip of an edited step', () => {
  const run = runRecord([
    stepRecord('load', 'succeeded'),
    stepRecord('train', 'succeeded')
  ]);

  it('says its status is from before the edit', () => {
    const edited = editedSteps(pipeline, ran, now({ 'load-0': 'x = 2' }));
    const d = cellDecorations(pipeline, run, [], new Map(), edited);
    expect(d.get('load-0')?.editedCell).toBe(0);
    expect(d.get('train-0')?.editedCell).toBeNull();
    const host = document.createElement('div');
    renderChip(host, d.get('load-0')!, Date.now());
    const chip = host.querySelector('.jp-cellpipe-Chip')!;
    expect(chip.classList).toContain('jp-cellpipe-Chip-stale');
    expect(chip.textContent).toContain('before edit');
    expect(chip.getAttribute('title')).toContain(
      'Status from before the edit of cell 1'
    );
    renderChip(host, d.get('train-0')!, Date.now());
    expect(host.textContent).not.toContain('before edit');
  });

  it('is not marked when no run is shown', () => {
    const edited = new Map([['load', 0]]);
    expect(
      cellDecorations(pipeline, null, [], new Map(), edited).get('load-0')
        ?.editedCell
    ).toBeNull();
  });
});
