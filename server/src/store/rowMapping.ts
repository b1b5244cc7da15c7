import type {
  IArtifact,
  ICellRef,
  ICompiledStep,
  ILogLine,
  IMetric,
  IModelSample,
  IRunSummary,
  IStepError,
  IStepRecord,
  RunStatus,
  StepStatus
} from '../contract/wire.js';
import type {
  ICacheEntry,
  INewRun,
  IRunPatch,
  IStepPatch,
  IStoredArtifact
} from './RunStore.js';

/* Rows as better-sqlite3 returns them (and takes them as named parameters). */

/** The `runs` columns a summary needs (not the big JSON snapshot columns). */
export interface IRunRow {
  id: string;
  name: string;
  /** From `run_titles` (the pipeline name for runs made before titles). */
  title: string;
  notebook_path: string | null;
  status: RunStatus;
  target: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  reason: string | null;
  parameters: string;
  cache: number;
  resumed_from: string | null;
}

export interface INewRunRow extends Omit<IRunRow, 'title'> {
  options: string;
  notebook: string;
  compiled: string;
}

export interface IStepRow {
  run_id: string;
  name: string;
  position: number;
  status: StepStatus;
  attempt: number;
  cache_key: string | null;
  cached_from: string | null;
  started_at: string | null;
  finished_at: string | null;
  exit_code: number | null;
  signal: string | null;
  reason: string | null;
  error: string | null;
  inputs: string;
  outputs: string;
  depends_on: string;
  cells: string;
  pid: number | null;
}

export interface ILogRow {
  step: string;
  seq: number;
  stream: ILogLine['stream'];
  line: string;
  at: string;
}

export interface IMetricRow {
  step: string;
  name: string;
  value: number;
  at: string;
}

export interface IArtifactRow {
  run_id: string;
  step: string;
  name: string;
  type: string;
  format: string;
  size: number;
  sha256: string;
  path: string;
  /** IModelSample as JSON, or null. */
  sample: string | null;
}

export interface ICellOutputRow {
  step: string;
  cell_id: string;
  cell_index: number;
  output: string;
}

export interface ICacheRow {
  key: string;
  run_id: string;
  step: string;
  artifacts: string;
  created_at: string;
}

export interface IStatusCount {
  status: StepStatus;
  count: number;
}

/** JSON read back from our own columns: its shape is what we wrote. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** Milliseconds between two ISO timestamps; null when either is missing. */
export function durationMs(
  startedAt: string | null,
  finishedAt: string | null
): number | null {
  if (startedAt === null || finishedAt === null) {
    return null;
  }
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isNaN(ms) ? null : ms;
}

export function newRunRow(run: INewRun): INewRunRow {
  return {
    id: run.id,
    name: run.name,
    notebook_path: run.notebookPath,
    status: 'queued',
    target: run.target,
    created_at: run.createdAt,
    started_at: null,
    finished_at: null,
    reason: null,
    parameters: JSON.stringify(run.parameters),
    cache: run.cache ? 1 : 0,
    resumed_from: run.resumedFrom,
    options: JSON.stringify(run.options),
    notebook: JSON.stringify(run.notebook),
    compiled: JSON.stringify(run.compiled)
  };
}

/** The row with the fields the patch names replaced (undefined = untouched). */
export function patchRunRow(row: IRunRow, patch: IRunPatch): IRunRow {
  return {
    ...row,
    status: patch.status ?? row.status,
    started_at: patch.startedAt ?? row.started_at,
    finished_at: patch.finishedAt ?? row.finished_at,
    reason: patch.reason === undefined ? row.reason : patch.reason
  };
}

export function toRunSummary(
  row: IRunRow,
  counts: readonly IStatusCount[]
): IRunSummary {
  const stepCounts: Partial<Record<StepStatus, number>> = {};
  for (const { status, count } of counts) {
    stepCounts[status] = count;
  }
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    notebookPath: row.notebook_path,
    status: row.status,
    target: row.target,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: durationMs(row.started_at, row.finished_at),
    reason: row.reason,
    parameters: fromJson<Record<string, unknown>>(row.parameters),
    cache: row.cache === 1,
    resumedFrom: row.resumed_from,
    stepCounts
  };
}

/** A fresh `pending` step row for one compiled step. */
export function newStepRow(
  runId: string,
  position: number,
  step: ICompiledStep
): IStepRow {
  return {
    run_id: runId,
    name: step.name,
    position,
    status: 'pending',
    attempt: 0,
    cache_key: null,
    cached_from: null,
    started_at: null,
    finished_at: null,
    exit_code: null,
    signal: null,
    reason: null,
    error: null,
    inputs: JSON.stringify(step.inputs),
    outputs: JSON.stringify(step.outputs),
    depends_on: JSON.stringify(step.dependsOn),
    cells: JSON.stringify(step.cells),
    pid: null
  };
}

const keep = <T>(value: T | undefined, current: T): T =>
  value === undefined ? current : value;

export function patchStepRow(row: IStepRow, patch: IStepPatch): IStepRow {
  return {
    ...row,
    status: patch.status ?? row.status,
    attempt: patch.attempt ?? row.attempt,
    cache_key: keep(patch.cacheKey, row.cache_key),
    cached_from: keep(patch.cachedFrom, row.cached_from),
    started_at: keep(patch.startedAt, row.started_at),
    finished_at: keep(patch.finishedAt, row.finished_at),
    exit_code: keep(patch.exitCode, row.exit_code),
    signal: keep(patch.signal, row.signal),
    reason: keep(patch.reason, row.reason),
    error:
      patch.error === undefined
        ? row.error
        : patch.error === null
          ? null
          : JSON.stringify(patch.error),
    pid: keep(patch.pid, row.pid)
  };
}

export function toStepRecord(row: IStepRow): IStepRecord {
  return {
    name: row.name,
    status: row.status,
    attempt: row.attempt,
    cacheKey: row.cache_key,
    cachedFrom: row.cached_from,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: durationMs(row.started_at, row.finished_at),
    exitCode: row.exit_code,
    signal: row.signal,
    reason: row.reason,
    error: row.error === null ? null : fromJson<IStepError>(row.error),
    inputs: fromJson<string[]>(row.inputs),
    outputs: fromJson<string[]>(row.outputs),
    dependsOn: fromJson<string[]>(row.depends_on),
    cells: fromJson<ICellRef[]>(row.cells)
  };
}

export function toLogLine(row: ILogRow): ILogLine {
  return {
    step: row.step,
    seq: row.seq,
    stream: row.stream,
    line: row.line,
    at: row.at
  };
}

export function toMetric(row: IMetricRow): IMetric {
  return { step: row.step, name: row.name, value: row.value, at: row.at };
}

/**
 * What clients may see of an artifact: the fields are copied one by one, so
 * `path` (and anything else a caller attached) never leaks into an event.
 */
export function publicArtifact(artifact: IArtifact): IArtifact {
  const shown: IArtifact = {
    step: artifact.step,
    name: artifact.name,
    type: artifact.type,
    format: artifact.format,
    size: artifact.size,
    sha256: artifact.sha256
  };
  if (artifact.sample) {
    shown.sample = artifact.sample;
  }
  return shown;
}

export function toStoredArtifact(row: IArtifactRow): IStoredArtifact {
  const { sample, ...rest } = row;
  return {
    ...publicArtifact(
      sample ? { ...rest, sample: fromJson<IModelSample>(sample) } : rest
    ),
    path: row.path
  };
}

export function artifactRow(
  runId: string,
  artifact: IStoredArtifact
): IArtifactRow {
  const { sample, ...shown } = publicArtifact(artifact);
  return {
    ...shown,
    run_id: runId,
    path: artifact.path,
    sample: sample ? JSON.stringify(sample) : null
  };
}

export function cacheRow(entry: ICacheEntry): ICacheRow {
  return {
    key: entry.key,
    run_id: entry.runId,
    step: entry.step,
    artifacts: JSON.stringify(
      entry.artifacts.map(a => ({ ...publicArtifact(a), path: a.path }))
    ),
    created_at: entry.createdAt
  };
}

export function toCacheEntry(row: ICacheRow): ICacheEntry {
  return {
    key: row.key,
    runId: row.run_id,
    step: row.step,
    artifacts: fromJson<IStoredArtifact[]>(row.artifacts),
    createdAt: row.created_at
  };
}
