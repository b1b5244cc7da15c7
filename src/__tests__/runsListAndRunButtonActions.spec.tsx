import * as React from 'react';

import { runBlocker } from '../panel/problems';
import { RunControls } from '../panel/RunControls';
import { RunsSection } from '../panel/RunsSection';
import type { IProblem } from '../tokens';
import { runRecord } from './fixtures';
import { render } from './renderWidget';

const error = (message: string): IProblem => ({
  path: 'steps.train',
  message,
  kind: 'cycle',
  severity: 'error'
});
const warning: IProblem = {
  path: 'steps.load',
  message: 'seeded elsewhere',
  kind: 'random-seed',
  severity: 'warning'
};

describe('the reason the pipeline cannot run', () => {
  it('is the first error, counting the others; warnings do not block', () => {
    expect(runBlocker([warning])).toBeNull();
    expect(runBlocker([error('train and eval depend on each other')])).toBe(
      'Cannot run: train and eval depend on each other'
    );
    expect(runBlocker([warning, error('a'), error('b'), error('c')])).toBe(
      'Cannot run: a (and 2 more errors under Problems)'
    );
  });
});

describe("the panel's Run button", () => {
  const buttons = (node: HTMLElement) =>
    new Map(
      [...node.querySelectorAll<HTMLButtonElement>('button')].map(b => [
        b.textContent,
        b
      ])
    );

  it('is off with the reason shown while the pipeline cannot run', async () => {
    const reason = 'Cannot run: train and eval depend on each other';
    const onAction = jest.fn();
    const node = await render(
      <RunControls
        run={runRecord([], { status: 'succeeded' })}
        onAction={onAction}
        onOpenRun={() => undefined}
        blockedBy={reason}
      />
    );
    const run = buttons(node).get('Run')!;
    expect(run.disabled).toBe(true);
    expect(buttons(node).get('Re-run')!.disabled).toBe(true);
    const said = node.querySelector('.jp-cellpipe-RunControls-blocked')!;
    expect(said.textContent).toBe(reason);
    expect(run.getAttribute('aria-describedby')).toBe(said.id);
  });

  it('is on when nothing blocks', async () => {
    const onAction = jest.fn();
    const node = await render(
      <RunControls run={null} onAction={onAction} onOpenRun={() => undefined} />
    );
    const run = buttons(node).get('Run')!;
    expect(run.disabled).toBe(false);
    await React.act(async () => run.click());
    expect(onAction).toHaveBeenCalledWith('run');
    expect(node.querySelector('.jp-cellpipe-RunControls-blocked')).toBeNull();
  });
});

describe('a row of the runs list', () => {
  it('renames its run from its button and names the run for the context menu', async () => {
    const onRename = jest.fn();
    const node = await render(
      <RunsSection
        runs={[runRecord([], { id: 'r7', title: 'iris · C=0.5' })]}
        activeId={null}
        error={null}
        onOpen={() => undefined}
        onDelete={() => undefined}
        onRename={onRename}
        onCompare={() => undefined}
      />
    );
    const row = node.querySelector<HTMLElement>('.jp-cellpipe-RunRow')!;
    expect(row.dataset.cellpipeRunId).toBe('r7');
    expect(row.dataset.cellpipeRunTitle).toBe('iris · C=0.5');
    const rename = row.querySelector<HTMLButtonElement>(
      '.jp-cellpipe-RunRow-rename'
    )!;
    expect(rename.getAttribute('aria-label')).toBe('Rename run iris · C=0.5');
    await React.act(async () => rename.click());
    expect(onRename).toHaveBeenCalledWith('r7', 'iris · C=0.5');
  });
});
