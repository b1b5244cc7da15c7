import type {
  ICompileResult,
  ICompiledStep,
  IEdge,
  IRunRecord,
  IStepRecord,
  StepStatus
} from '../api/wire';

/** A compiled step with `cells` cells named `<name>-<i>`. */
export function compiledStep(name: string, cells = 1): ICompiledStep {
  return {
    name,
    cells: Array.from({ length: cells }, (_, i) => ({
      id: `${name}-${i}`,
      index: i
    })),
    inputs: [],
    outputs: [],
    after: [],
    dependsOn: [],
    metrics: [],
    parameters: [],
    properties: {},
    programHash: `hash-${name}`
  };
}

export function edge(
  from: string,
  to: string,
  variables: string[] = [],
  explicit = variables.length === 0
): IEdge {
  return { from, to, variables, explicit };
}

export function compileResult(
  steps: ICompiledStep[],
  edges: IEdge[] = [],
  extra: Partial<ICompileResult> = {}
): ICompileResult {
  return {
    name: 'pipeline',
    ok: true,
    steps,
    edges,
    order: steps.map(s => s.name),
    prelude: [],
    parameters: [],
    metrics: [],
    layout: {},
    problems: [],
    ...extra
  };
}

export function stepRecord(
  name: string,
  status: StepStatus,
  extra: Partial<IStepRecord> = {}
): IStepRecord {
  return {
    name,
    status,
    attempt: 1,
    cacheKey: null,
    cachedFrom: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    exitCode: null,
    signal: null,
    reason: null,
    error: null,
    inputs: [],
    outputs: [],
    dependsOn: [],
    cells: [],
    ...extra
  };
}

export function runRecord(
  steps: IStepRecord[],
  extra: Partial<IRunRecord> = {}
): IRunRecord {
  return {
    id: 'run-1',
    name: 'pipeline',
    title: 'p',
    notebookPath: 'p.ipynb',
    status: 'running',
    target: 'local',
    createdAt: '2025-01-01T10:00:00.000Z',
    startedAt: '2025-01-01T10:00:00.000Z',
    finishedAt: null,
    durationMs: null,
    reason: null,
    parameters: {},
    cache: true,
    resumedFrom: null,
    stepCounts: {},
    seq: 1,
    steps,
    edges: [],
    order: steps.map(s => s.name),
    metrics: [],
    artifacts: [],
    ...extra
  };
}
