import type { IArtifact, IRunRecord } from '../tokens';

/** What the run widget can do; `runActions.ts` implements these with the API. */
export interface IRunActions {
  cancel(run: IRunRecord): Promise<void>;
  /** Resumes as a new run (with the open notebook's cells when it is open) and opens it. */
  resume(run: IRunRecord): Promise<void>;
  /** Runs the notebook again with the run's parameters, without the cache, and opens it. */
  rerun(run: IRunRecord): Promise<void>;
  download(run: IRunRecord, artifact: IArtifact): Promise<void>;
  /** Opens the deploy dialog with this model artifact chosen (`cellpipe:deploy-model`). */
  deploy(run: IRunRecord, artifact: IArtifact): void;
  /** The latest runs (full records) of a notebook, for metric charts. */
  loadHistory(notebookPath: string, limit: number): Promise<IRunRecord[]>;
  /** Asks for a new name of the run (`cellpipe:rename-run`). */
  rename(run: IRunRecord): void;
  /** Opens another run in its own tab. */
  openRun(runId: string): void;
  /** Selects a step's cells in its notebook, when that notebook is open. */
  showStepCells(run: IRunRecord, step: string): void;
}
