import type { IPoint } from '../graph/layout';
import type { NotebookPipeline } from '../pipelines/NotebookPipeline';
import type { ICompiledStep, IProblem, IStepProperties } from '../tokens';
import type { StepPropertyKey } from './pipelineMetadata';
import type { RunAction } from './RunControls';

/**
 * What the Pipelines panel can do to a notebook and the app. The panel's
 * components only call these; `panelActions.ts` implements them.
 */
export interface IPanelActions {
  /** Selects the step's cells in the notebook and scrolls to them. */
  selectStep(pipeline: NotebookPipeline, step: ICompiledStep): void;
  /** Selects the cell a problem points at (or its step's cells). */
  selectProblem(pipeline: NotebookPipeline, problem: IProblem): void;
  readStepProperties(pipeline: NotebookPipeline, step: string): IStepProperties;
  setStepProperties(
    pipeline: NotebookPipeline,
    step: string,
    patch: Partial<Record<StepPropertyKey, unknown>>
  ): void;
  moveStep(pipeline: NotebookPipeline, step: string, position: IPoint): void;
  setParameter(pipeline: NotebookPipeline, name: string, text: string): void;
  runAction(pipeline: NotebookPipeline, action: RunAction): void;
  /** Opens a run in its own tab beside the notebook and shows it on the notebook. */
  openRun(pipeline: NotebookPipeline | null, runId: string): void;
  /** Asks, then deletes the run (cellpipe:delete-run). */
  deleteRun(runId: string, title: string): void;
  /** Asks for the run's new name (cellpipe:rename-run). */
  renameRun(runId: string, title: string): void;
  /** Opens the runs side by side (cellpipe:compare-runs). */
  compareRuns(runIds: string[]): void;
}
