import type { JupyterFrontEnd } from '@jupyterlab/application';
import { showErrorMessage } from '@jupyterlab/apputils';
import type { CommandRegistry } from '@lumino/commands';

import { selectCells, selectProblemCell } from '../cells/selectCells';
import type { NotebookPipeline } from '../pipelines/NotebookPipeline';
import { CommandIDs, type IProblem } from '../tokens';
import type { IPanelActions } from './actions';
import {
  readStepProperties,
  writeLayoutPosition,
  writeParameter,
  writeStepProperties
} from './notebookEdits';
import type { RunAction } from './RunControls';

/** The pipelines plugin's commands each run button invokes. */
const ACTION_COMMANDS: Record<RunAction, string> = {
  run: CommandIDs.runPipeline,
  cancel: CommandIDs.cancelRun,
  resume: CommandIDs.resumeRun,
  rerun: CommandIDs.rerunPipeline
};

/**
 * Implements the panel's actions on the app: notebook edits through
 * `notebookEdits.ts`, run buttons through the notebook commands.
 */
export function panelActions(app: JupyterFrontEnd): IPanelActions {
  const reveal = (pipeline: NotebookPipeline) => {
    if (!pipeline.panel.isVisible) {
      app.shell.activateById(pipeline.panel.id);
    }
  };
  return {
    selectStep(pipeline, step) {
      reveal(pipeline);
      selectCells(
        pipeline.panel,
        step.cells.map(c => c.id)
      );
    },
    selectProblem(pipeline, problem) {
      reveal(pipeline);
      selectProblem(pipeline, problem);
    },
    readStepProperties: (pipeline, step) =>
      readStepProperties(pipeline.panel, step),
    setStepProperties: (pipeline, step, patch) =>
      writeStepProperties(pipeline.panel, step, patch),
    moveStep: (pipeline, step, position) =>
      writeLayoutPosition(pipeline.panel, step, position),
    setParameter,
    runAction(pipeline, action) {
      void runAction(app.commands, pipeline, action).catch(err =>
        showErrorMessage('Cellpipe', err instanceof Error ? err : String(err))
      );
    },
    deleteRun(runId, title) {
      void app.commands.execute(CommandIDs.deleteRun, { runId, title });
    },
    renameRun(runId, title) {
      void app.commands.execute(CommandIDs.renameRun, {
        runId,
        current: title
      });
    },
    compareRuns(runIds) {
      void app.commands.execute(CommandIDs.compareRuns, { runIds });
    },
    openRun(pipeline, runId) {
      void app.commands.execute(CommandIDs.openRun, {
        runId,
        ...(pipeline ? { ref: pipeline.panel.id } : {})
      });
      if (pipeline && pipeline.activeRun?.runId !== runId) {
        void pipeline.show(runId);
      }
    }
  };
}

/** The cell a problem points at, else its step's cells. */
function selectProblem(pipeline: NotebookPipeline, problem: IProblem): void {
  if (selectProblemCell(pipeline.panel, problem.cellId, problem.cellIndex)) {
    return;
  }
  const step = pipeline.compile?.steps.find(s => s.name === problem.step);
  if (step) {
    selectCells(
      pipeline.panel,
      step.cells.map(c => c.id)
    );
  }
}

function setParameter(
  pipeline: NotebookPipeline,
  name: string,
  text: string
): void {
  if (!writeParameter(pipeline.panel, name, text)) {
    void showErrorMessage(
      'Parameter not found',
      `No line "${name} = …" in the parameters cell of ${pipeline.path}.`
    );
  }
}

/**
 * The pipelines plugin's command when it is there (one behaviour for the
 * toolbar and the panel), else the pipeline model directly.
 */
async function runAction(
  commands: CommandRegistry,
  pipeline: NotebookPipeline,
  action: RunAction
): Promise<void> {
  const command = ACTION_COMMANDS[action];
  if (commands.hasCommand(command)) {
    await commands.execute(command);
    return;
  }
  switch (action) {
    case 'run':
      await pipeline.run();
      break;
    case 'cancel':
      await pipeline.cancel();
      break;
    case 'resume':
      await pipeline.resume();
      break;
    case 'rerun':
      await pipeline.run({
        cache: false,
        parameters: pipeline.activeRun?.record?.parameters
      });
      break;
  }
}
