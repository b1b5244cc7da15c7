import type {
  CellOutput,
  IArtifact,
  IRunOutputs,
  ICompileResult,
  IEventEnvelope,
  ILogLine,
  IRunList,
  IRunRecord,
  IStepError,
  RunStatus,
  StepStatus
} from '../contract/wire.js';

/**
 * Where runs live: the truth the server restarts from. Every method that
 * changes state does it in ONE transaction together with appending the
 * event(s) describing the change, and returns those events (with their
 * sequence numbers) for the caller to publish. Reads never change state.
 */
export interface IRunStore {
  createRun(run: INewRun): IEventEnvelope;
  updateRun(id: string, patch: IRunPatch): IEventEnvelope;
  updateStep(runId: string, step: string, patch: IStepPatch): IEventEnvelope;
  /** Appends lines in order; one event per line. */
  appendLogs(
    runId: string,
    step: string,
    lines: ReadonlyArray<Pick<ILogLine, 'stream' | 'line'>>
  ): IEventEnvelope[];
  addMetric(
    runId: string,
    step: string,
    name: string,
    value: number
  ): IEventEnvelope;
  addArtifact(runId: string, artifact: IStoredArtifact): IEventEnvelope;
  /** Appends outputs of the step's cells, in order; one `step.output` event each. */
  addOutputs(
    runId: string,
    step: string,
    outputs: ReadonlyArray<INewCellOutput>
  ): IEventEnvelope[];
  /** Forgets the step's outputs (a retry starts over). */
  clearOutputs(runId: string, step: string): IEventEnvelope;
  /** Copies a step's outputs from another run (a cached step shows what its source showed). */
  copyOutputs(fromRun: string, runId: string, step: string): IEventEnvelope[];
  /** Every cell's outputs of the run, steps in run order, stream chunks joined, with the seq they are current to. */
  getOutputs(runId: string): IRunOutputs;
  /** Gives a run its own name. */
  setTitle(runId: string, title: string): IEventEnvelope;
  /** Runs of notebook `from` (or of notebooks under folder `from`) now belong to `to`; one `run.updated` each. */
  moveNotebook(from: string, to: string): IEventEnvelope[];
  /** Removes the run and everything recorded about it (not its files: the caller does). */
  deleteRun(id: string): IEventEnvelope;

  getRun(id: string): IRunRecord | undefined;
  listRuns(query: IRunQuery): IRunList;
  getSnapshot(id: string): IRunSnapshot | undefined;
  /** Log lines of one step with `seq > after`, oldest first. */
  getLogs(
    runId: string,
    step: string,
    after?: number,
    limit?: number
  ): ILogLine[];
  getArtifact(
    runId: string,
    step: string,
    name: string
  ): IStoredArtifact | undefined;
  listArtifacts(runId: string): IStoredArtifact[];

  /** Events with `seq > after`, oldest first; only those of one run when `runId` is given, only run-list events for `'runs'`, deployment events for `'deployments'`. */
  eventsSince(
    after: number,
    channel: 'runs' | 'deployments' | { runId: string },
    limit?: number
  ): IEventEnvelope[];
  /** The newest sequence number (0 when empty). */
  headSeq(): number;

  /** A succeeded step's outputs, found by its cache key. */
  findCache(key: string): ICacheEntry | undefined;
  putCache(entry: ICacheEntry): void;

  /**
   * After a crash: runs still queued/running become failed with `reason`;
   * their running steps failed, their pending/queued steps skipped.
   * Returns the events and the process ids recorded for steps that were running.
   * Runs on `keepTargets` (executors that re-attach) are left as they are and listed in `kept`.
   */
  interruptInFlight(
    reason: string,
    keepTargets?: ReadonlySet<string>
  ): {
    events: IEventEnvelope[];
    pids: IStepPid[];
    kept: string[];
  };

  close(): void;
}

export interface INewRun {
  id: string;
  name: string;
  title: string;
  notebookPath: string | null;
  target: string;
  parameters: Record<string, unknown>;
  cache: boolean;
  resumedFrom: string | null;
  /** The notebook as submitted and the compile result: enough to resume. */
  notebook: unknown;
  compiled: ICompileResult;
  /** Options to replay on resume (forceSteps, pipeline overrides). */
  options: Record<string, unknown>;
  createdAt: string;
}

export interface IRunPatch {
  status?: RunStatus;
  startedAt?: string;
  finishedAt?: string;
  reason?: string | null;
}

export interface IStepPatch {
  status?: StepStatus;
  attempt?: number;
  cacheKey?: string | null;
  cachedFrom?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  exitCode?: number | null;
  signal?: string | null;
  reason?: string | null;
  error?: IStepError | null;
  /** Process (group) id of a running local step; cleared when it ends. */
  pid?: number | null;
}

export interface IStoredArtifact extends IArtifact {
  /** Absolute path of the data file on this machine (never sent to clients). */
  path: string;
}

export interface INewCellOutput {
  cellId: string;
  cellIndex: number;
  output: CellOutput;
}

export interface IRunQuery {
  status?: RunStatus;
  notebookPath?: string;
  /** Words that must all appear in the run's id, title, pipeline name, notebook path or parameters (case-insensitive). */
  text?: string;
  /** Default 50, at most 500. */
  limit?: number;
  offset?: number;
}

export interface IRunSnapshot {
  notebook: unknown;
  compiled: ICompileResult;
  options: Record<string, unknown>;
}

export interface ICacheEntry {
  key: string;
  runId: string;
  step: string;
  artifacts: IStoredArtifact[];
  createdAt: string;
}

export interface IStepPid {
  runId: string;
  step: string;
  pid: number;
}
