/**
 * The wire contract between the Cellpipe server and its clients (server side).
 *
 * The frontend keeps its own copy in `src/api/wire.ts`; `npm run check:wire`
 * (root) fails when the two drift apart. Change both files together.
 */

/** Bumped whenever a request or response shape changes incompatibly. */
export const API_VERSION = 1;

export interface IErrorBody {
  error: {
    kind: string;
    message: string;
    /** Validation problems, when the error is about a pipeline or request. */
    problems?: IProblem[];
  };
}

export type Severity = 'error' | 'warning';

/** A pipeline rule that is broken, located as precisely as known. */
export interface IProblem {
  /** Where, as a dotted path: `steps.train.cells.2`, `parameters.lr`, ... */
  path: string;
  message: string;
  kind: string;
  severity: Severity;
  step?: string;
  /** nbformat cell id, and the cell's index among all notebook cells. */
  cellId?: string;
  cellIndex?: number;
  /** 1-based line within the cell. */
  line?: number;
}

export interface IHealth {
  status: 'ok';
}

export interface IExecutorInfo {
  /** `local` or `kubernetes`. */
  name: string;
  available: boolean;
  /** Why the executor cannot be used, when it is not available. */
  reason?: string;
}

export interface IVersionInfo {
  name: 'cellpipe';
  /** The server package version (semver). */
  version: string;
  apiVersion: number;
  executors: IExecutorInfo[];
  defaultTarget: string;
}

/** Messages the server sends on the `/api/events` websocket. */
export type ServerMessage =
  | { type: 'hello'; version: string; apiVersion: number; seq: number }
  | { type: 'pong'; id?: string }
  | { type: 'error'; kind: string; message: string };

/** Messages a client sends on the `/api/events` websocket. */
export type ClientMessage = { type: 'ping'; id?: string };

/* ---- Pipelines: compile ---------------------------------------------- */

export interface IEnvVar {
  env_var: string;
  value: string;
}

export interface IKubernetesSecret {
  env_var: string;
  name: string;
  key: string;
}

export interface IToleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Per-step settings; names follow Elyra's `component_parameters`. */
export interface IStepProperties {
  runtime_image?: string;
  cpu?: string | number;
  cpu_limit?: string | number;
  /** A number is GB, as in Elyra; a string is a Kubernetes quantity. */
  memory?: string | number;
  memory_limit?: string | number;
  gpu?: number;
  gpu_vendor?: string;
  env_vars?: IEnvVar[];
  kubernetes_secrets?: IKubernetesSecret[];
  kubernetes_tolerations?: IToleration[];
  kubernetes_node_selector?: Record<string, string>;
  retries?: number;
  timeout_seconds?: number;
  disable_node_caching?: boolean;
}

export type ParameterType =
  'int' | 'float' | 'str' | 'bool' | 'none' | 'list' | 'dict';

export interface IParameter {
  name: string;
  type: ParameterType;
  default: unknown;
  /** The value this compile (or run) uses: the default or an override. */
  value: unknown;
}

export interface ICellRef {
  id: string;
  /** Position among all cells of the notebook (markdown included). */
  index: number;
}

export interface ICompiledStep {
  name: string;
  cells: ICellRef[];
  /** Names this step reads that earlier steps produce. */
  inputs: string[];
  /** Names this step produces that later steps read. */
  outputs: string[];
  /** Steps named in `after`/`prev:`, kept besides the inferred ones. */
  after: string[];
  /** Every step this one waits for (explicit and inferred). */
  dependsOn: string[];
  metrics: string[];
  properties: IStepProperties;
  /** sha256 of the step program: changes when code or wiring changes. */
  programHash: string;
}

export interface IEdge {
  from: string;
  to: string;
  /** The variables passed along this edge (empty for an explicit edge). */
  variables: string[];
  explicit: boolean;
}

export interface ICompileResult {
  name: string;
  /** False when any problem is an error: the pipeline cannot run. */
  ok: boolean;
  steps: ICompiledStep[];
  edges: IEdge[];
  /** A topological order of the steps (notebook order among equals). */
  order: string[];
  /** imports/functions cells, run at the start of every step. */
  prelude: ICellRef[];
  parameters: IParameter[];
  metrics: string[];
  layout: Record<string, { x: number; y: number }>;
  problems: IProblem[];
}

export interface ICompileRequest {
  /** The notebook as nbformat 4 JSON. */
  notebook: unknown;
  /** Pipeline name; default: from the notebook path or "pipeline". */
  name?: string;
  /** Parameter overrides by name. */
  parameters?: Record<string, unknown>;
}
