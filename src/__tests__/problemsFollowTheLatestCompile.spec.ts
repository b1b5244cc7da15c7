import type { NotebookPanel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';

import { ApiError } from '../api/ApiError';
import type { ICompileResult, IProblem } from '../api/wire';
import { NotebookPipeline } from '../pipelines/NotebookPipeline';
import type { ICellpipe } from '../tokens';
import { compileResult } from './fixtures';

/*
 * The Problems section and the cells show the problems of the latest
 * compile: a cycle the server reported when it refused a run disappears as
 * soon as the notebook is compiled again after the fix, not at the next run.
 */

const owner = {};

const cycle: IProblem = {
  path: 'edges',
  message: 'steps a and b depend on each other',
  kind: 'cycle',
  severity: 'error'
};

function panel(): NotebookPanel {
  const model = {
    sharedModel: { changed: new Signal<object, void>(owner) },
    contentChanged: new Signal<object, void>(owner),
    toJSON: () => ({ cells: [] })
  };
  return {
    context: {
      model,
      path: 'a.ipynb',
      pathChanged: new Signal<object, void>(owner)
    }
  } as unknown as NotebookPanel;
}

/** A compile whose answers the test releases one by one, in any order. */
function setup() {
  const answers: Array<(r: ICompileResult) => void> = [];
  const api = {
    compile: jest.fn(
      () => new Promise<ICompileResult>(resolve => answers.push(resolve))
    ),
    createRun: jest.fn(async () => {
      throw new ApiError(422, 'invalid-pipeline', 'cannot run', [cycle]);
    })
  };
  const pipeline = new NotebookPipeline(
    api as unknown as ICellpipe.IApi,
    {} as ICellpipe.IEvents,
    panel()
  );
  return { pipeline, answers };
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

describe('problems follow the latest compile', () => {
  it('drops the problems of a refused run once a later compile answers', async () => {
    const { pipeline, answers } = setup();
    expect(await pipeline.run()).toBeNull();
    expect(pipeline.runProblems).toEqual([cycle]);
    // The fix: the notebook is compiled again and the cycle is gone.
    const compiled = pipeline.recompile();
    answers[0](compileResult([]));
    await compiled;
    expect(pipeline.runProblems).toEqual([]);
  });

  it('keeps them when the compile that answers was asked for before the refusal', async () => {
    const { pipeline, answers } = setup();
    const before = pipeline.recompile();
    await pipeline.run();
    answers[0](compileResult([]));
    await before;
    expect(pipeline.runProblems).toEqual([cycle]);
  });

  it('ignores an older compile that answers after a newer one', async () => {
    const { pipeline, answers } = setup();
    const older = pipeline.recompile();
    const newer = pipeline.recompile();
    answers[1](compileResult([]));
    await newer;
    answers[0](compileResult([], [], { problems: [cycle] }));
    await older;
    await settle();
    expect(pipeline.compile?.problems).toEqual([]);
  });
});
