/**
 * The wire contract between the Cellpipe server and its clients (frontend side).
 *
 * The server keeps its own copy in `server/src/http/wire.ts`; `npm run check:wire`
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
  /** The deploy targets this server has, by name (`local`, `kubernetes`). */
  deployTargets: string[];
  /** What the server runs on and where it was loaded from (for support questions). */
  runtime: IServerRuntime;
}

export interface IServerRuntime {
  /** `process.versions.node`, e.g. `24.19.0`. */
  node: string;
  /** The server's folder: a checkout's `server/` or the installed package's. */
  serverDir: string;
  /** The script Node.js was started with (`bin/cellpipe` or the bundle). */
  entry: string;
}

/** One permission the Kubernetes executor needs, as the API server answered it. */
export interface IClusterPermission {
  verb: string;
  /** `jobs.batch`, `configmaps`, `pods/log`, ... */
  resource: string;
  allowed: boolean;
  /** The authorizer's reason when it says no (may be empty). */
  reason: string;
}

/** `GET /api/cluster`: what the Kubernetes target would run against. */
export interface IClusterStatus {
  /** False when no kubeconfig or in-cluster config was found. */
  configured: boolean;
  reachable: boolean;
  /** Why the cluster cannot be used, in words (null when it can). */
  reason: string | null;
  /** The API server's URL. */
  server: string | null;
  /** The API server's version (`v1.36.3`). */
  version: string | null;
  namespace: string;
  permissions: IClusterPermission[];
  /** True when every permission the executor needs is allowed. */
  canRun: boolean;
  /** The claim the step pods mount for artifacts, and its phase (`Bound`), or null when it does not exist. */
  artifactsClaim: { name: string; phase: string | null } | null;
  /** Where step pods keep artifacts: `bucket` (signed URLs, no claim: artifactsClaim stays null and is not needed) or `claim`. Absent from older servers: `claim`. */
  artifacts?: 'bucket' | 'claim';
  /** The image of steps that name none, and why (`CELLPIPE_STEP_IMAGE`, `from the notebook pod ns/name`, `default`). */
  stepImage?: IStepImage;
}

/** An image a step runs in, and where that choice came from, in words. */
export interface IStepImage {
  image: string;
  source: string;
}

/** Messages the server sends on the `/api/events` websocket. */
export type ServerMessage =
  | { type: 'hello'; version: string; apiVersion: number; seq: number }
  | { type: 'pong'; id?: string }
  | { type: 'error'; kind: string; message: string }
  /** The subscription is live: the client is caught up to `seq` on this channel (after any replay). */
  | { type: 'subscribed'; channel: Channel; seq: number }
  | { type: 'event'; channel: Channel; envelope: IEventEnvelope };

/** Messages a client sends on the `/api/events` websocket. */
export type ClientMessage =
  | { type: 'ping'; id?: string }
  /** `since`: replay every event after this seq first (reconnects miss nothing). */
  | { type: 'subscribe'; channel: Channel; since?: number }
  | { type: 'unsubscribe'; channel: Channel };

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
  kubernetes_pod_labels?: Record<string, string>;
  kubernetes_pod_annotations?: Record<string, string>;
  retries?: number;
  timeout_seconds?: number;
  disable_node_caching?: boolean;
  /** pip requirements installed before the program on Kubernetes; checked to be present locally. */
  packages?: string[];
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
  /** A composed pipeline's cell from another notebook: its path, relative to the pipeline's notebook. */
  notebook?: string;
  /** For those: the id of this notebook's `notebook:` cell that brought it in. */
  via?: string;
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
  /** Pipeline parameters the step's code reads (a change re-runs only these steps). */
  parameters: string[];
  properties: IStepProperties;
  /** sha256 of the step program: changes when code or wiring changes. */
  programHash: string;
}

export interface IEdge {
  from: string;
  to: string;
  /** The variables passed along this edge (empty for an explicit edge). */
  variables: string[];
  /** Those of `variables` the sender received and may have changed in place (`model` after `model.fit`). */
  changed?: string[];
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
  /** The pipeline's default step properties (Cellpipe's defaults, Kale's base_image), when it has any. */
  defaults?: IStepProperties;
}

export interface ICompileRequest {
  /** The notebook as nbformat 4 JSON. */
  notebook: unknown;
  /** Pipeline name; default: the notebook's own (Cellpipe's or Kale's pipeline_name), else from `notebookPath`, else "pipeline". */
  name?: string;
  /** Where the notebook is, relative to the notebook root (names the pipeline by default). */
  notebookPath?: string;
  /** Parameter overrides by name. */
  parameters?: Record<string, unknown>;
}

/* ---- Runs ------------------------------------------------------------ */

export type RunStatus =
  'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export type StepStatus =
  | 'pending'
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cached'
  | 'skipped'
  | 'cancelled';

/** Why a step failed, in words, with the notebook cell when a cell raised. */
export interface IStepError {
  /** `cell`, `input`, `output`, `parameter`, `internal`, `exit`, `timeout`, `oom`, `killed`, `interrupted` */
  kind: string;
  message: string;
  cellId?: string;
  cellIndex?: number;
  line?: number;
  ename?: string;
  evalue?: string;
  traceback?: string;
}

export interface IStepRecord {
  name: string;
  status: StepStatus;
  /** 1 for the first try, incremented by each retry; 0 before it ran. */
  attempt: number;
  cacheKey: string | null;
  /** For a cached step: the run whose artifacts it reused. */
  cachedFrom: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  /** A short explanation of the last status change ("timed out after 30 s", ...). */
  reason: string | null;
  error: IStepError | null;
  inputs: string[];
  outputs: string[];
  dependsOn: string[];
  cells: ICellRef[];
}

export interface IMetric {
  step: string;
  name: string;
  value: number;
  at: string;
}

export interface IArtifact {
  step: string;
  name: string;
  /** Python type, e.g. `numpy.ndarray`. */
  type: string;
  /** How it is stored: `npy`, `pandas-pickle`, `joblib`, `bytes`, `pickle`. */
  format: string;
  size: number;
  sha256: string;
  /** What a model was fit on, when its step could tell (joblib models only). */
  sample?: IModelSample;
}

/**
 * A model's inputs as its step saw them: scikit-learn's `feature_names_in_`
 * and the first row of the data it was fit on, for a test request that
 * starts from a real row.
 */
export interface IModelSample {
  /** Null when the model was fit on an array (no column names). */
  featureNames: string[] | null;
  /** One row of numbers in the model's feature order (null for NaN); null when no training data was found in the step. */
  row: (number | null)[] | null;
  /** The step variable the row came from, e.g. `X_train`. */
  source: string | null;
}

export interface IRunSummary {
  id: string;
  /** The pipeline's name. */
  name: string;
  /** The run's own name (default: the notebook and a short summary of the parameters that differ from their defaults). */
  title: string;
  /** The notebook's path in Jupyter's contents, when the client said it. */
  notebookPath: string | null;
  status: RunStatus;
  target: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  reason: string | null;
  parameters: Record<string, unknown>;
  cache: boolean;
  resumedFrom: string | null;
  stepCounts: Partial<Record<StepStatus, number>>;
}

export interface IRunRecord extends IRunSummary {
  /** The newest event seq when this was read: subscribe with `since: seq` to continue exactly from here. */
  seq: number;
  steps: IStepRecord[];
  edges: IEdge[];
  order: string[];
  metrics: IMetric[];
  artifacts: IArtifact[];
}

export interface IRunList {
  /** The newest event seq when this was read (see IRunRecord.seq). */
  seq: number;
  runs: IRunSummary[];
  total: number;
  offset: number;
  limit: number;
}

export interface ICreateRunRequest {
  notebook: unknown;
  notebookPath?: string;
  /** Default: the notebook's own pipeline name (Cellpipe's or Kale's), else from `notebookPath`. */
  name?: string;
  /** The run's own name; default: the notebook and the parameters that differ from their defaults. */
  title?: string;
  /** Replaces `metadata.cellpipe.pipeline` of the snapshot (step properties, edges). */
  pipeline?: unknown;
  parameters?: Record<string, unknown>;
  target?: string;
  /** false: run every step even when an identical result exists. Default true. */
  cache?: boolean;
  /** Steps to run even when cached. */
  forceSteps?: string[];
}

export interface IResumeRequest {
  /** A newer snapshot of the notebook (with the fixed cell); default: the run's own. */
  notebook?: unknown;
}

export interface ILogLine {
  step: string;
  /** Per-step line number, from 1. */
  seq: number;
  stream: 'stdout' | 'stderr' | 'system';
  line: string;
  at: string;
}

/** One output of a cell, as nbformat 4 stores it. */
export type CellOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | {
      output_type: 'display_data';
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
    }
  | {
      output_type: 'execute_result';
      execution_count: number | null;
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
    }
  | {
      output_type: 'error';
      ename: string;
      evalue: string;
      traceback: string[];
    };

/** The outputs one cell produced in one step of a run (consecutive stream chunks joined). */
export interface ICellOutputs {
  step: string;
  cellId: string;
  /** The cell's index among all notebook cells. */
  cellIndex: number;
  outputs: CellOutput[];
}

/** `GET /api/runs/:id/outputs`: every cell's outputs in execution order. */
export interface IRunOutputs {
  /** The newest event seq when this was read: `step.output` events after it are new. */
  seq: number;
  cells: ICellOutputs[];
}

/**
 * `GET /api/runs/:id/sources`: the source of each code cell as the run
 * received it, by nbformat cell id (cells edited since say their status is
 * from before the edit).
 */
export interface IRunSources {
  cells: Record<string, string>;
}

/**
 * `GET /api/runs/compare?ids=A,B,...`: two or more runs side by side, one
 * value per run in `runs` order in every `values` list (null: the run has
 * none); `differs` marks rows whose values are not all equal.
 */
export interface IRunComparison {
  runs: IRunSummary[];
  parameters: { name: string; values: unknown[]; differs: boolean }[];
  /** The last value of each step's metric. */
  metrics: {
    step: string;
    name: string;
    values: (number | null)[];
    differs: boolean;
  }[];
  steps: IStepComparison[];
}

export interface IStepComparison {
  name: string;
  status: (StepStatus | null)[];
  durationMs: (number | null)[];
  /** The step's cells' code as each run received it (null: not in that run). */
  code: (string | null)[];
  /** The code differs between runs. */
  codeChanged: boolean;
  /** Status, duration (beyond 10 %) or code differ. */
  differs: boolean;
}

/** `POST /api/runs/move-notebook`: the runs of a renamed or moved notebook (or folder) follow it. */
export interface IMoveNotebookRequest {
  from: string;
  to: string;
}

export type RunEvent =
  | { type: 'run.created'; run: IRunSummary }
  | { type: 'run.updated'; run: IRunSummary }
  | { type: 'run.deleted'; runId: string }
  | { type: 'step.updated'; runId: string; step: IStepRecord }
  | { type: 'step.log'; runId: string; log: ILogLine }
  | { type: 'step.metric'; runId: string; metric: IMetric }
  | { type: 'step.artifact'; runId: string; artifact: IArtifact }
  /** One more output of a cell (a stream chunk is appended to the cell's last output of that stream). */
  | {
      type: 'step.output';
      runId: string;
      step: string;
      cellId: string;
      cellIndex: number;
      output: CellOutput;
    }
  /** A retry starts over: the step's outputs so far are gone. */
  | { type: 'step.outputsCleared'; runId: string; step: string };

/** Every change, numbered: clients resume from the last `seq` they saw. */
export interface IEventEnvelope {
  seq: number;
  runId: string | null;
  at: string;
  event: RunEvent | DeploymentEvent;
}

/** `runs`: the run list (created/updated/deleted); `run:<id>`: everything about one run; `deployments`: every deployment change. */
export type Channel = 'runs' | 'deployments' | `run:${string}`;

/* ---- Deployments ----------------------------------------------------- */

/** A deploy target's name (`local`, `kubernetes`): the server knows which it has. */
export type DeploymentTarget = string;

/**
 * `deploying`: created, not ready yet; `ready`: answers predictions;
 * `unready`: was ready, is not now (restarting, pods not ready);
 * `failed`: cannot become ready without a change (see `reason`).
 */
export type DeploymentStatus = 'deploying' | 'ready' | 'unready' | 'failed';

/** How a deployment is served: a local process, KServe, or our model server in a Deployment. */
export type DeploymentKind = 'process' | 'inference-service' | 'deployment';

/** One input tensor the model takes (Open Inference V2 metadata). */
export interface IModelInput {
  name: string;
  datatype: string;
  /** `[-1, n_features]`: -1 is any number of rows. */
  shape: number[];
}

export interface IDeployment {
  /** DNS-1035 label, unique per server: also the model's name in the protocols. */
  name: string;
  target: DeploymentTarget;
  kind: DeploymentKind;
  status: DeploymentStatus;
  /** Why it is not ready (or what went wrong), in words; null when ready. */
  reason: string | null;
  /** Where the endpoint answers: `http://127.0.0.1:PORT` locally, the cluster URL on Kubernetes. */
  url: string | null;
  /** Lineage: the run, step and artifact the model came from. */
  runId: string;
  step: string;
  artifact: string;
  /** The artifact as recorded by the run (Python type, format, size, sha256). */
  model: IArtifact;
  /** The KServe model format (`sklearn`), when on KServe. */
  modelFormat: string | null;
  /** The model's inputs, once the model server reported them; null until then or when unknown. */
  inputs: IModelInput[] | null;
  /** Times the local model server was started again after it died. */
  restarts: number;
  /** Kubernetes: the namespace, replicas and canary share. */
  namespace: string | null;
  minReplicas: number | null;
  maxReplicas: number | null;
  canaryTrafficPercent: number | null;
  /** While a canary rolls out: the model that keeps the rest of the traffic (lineage of the previous version). */
  stable: { runId: string; step: string; artifact: string } | null;
  /** Caveats worth showing (e.g. a model format KServe's stock image cannot load). */
  warnings: string[];
  createdAt: string;
  updatedAt: string;
  /** When it first became ready (click-to-ready is `readyAt - createdAt`). */
  readyAt: string | null;
}

export interface IDeploymentList {
  /** The newest event seq when this was read: subscribe to `deployments` with `since: seq`. */
  seq: number;
  deployments: IDeployment[];
}

export interface ICreateDeploymentRequest {
  runId: string;
  step: string;
  artifact: string;
  name: string;
  /** Default `local`. */
  target?: DeploymentTarget;
  /** Kubernetes only. */
  minReplicas?: number;
  maxReplicas?: number;
  /** Kubernetes only: deploy as a canary of the existing deployment `name`, taking this share of traffic. */
  canaryTrafficPercent?: number;
  /** Kubernetes only: the model server's image (default: the step's image). */
  image?: string;
  /** As a step's: cores (`0.5`, `"500m"`) and bytes (`"2G"`, `"3Gi"`). */
  resources?: {
    cpu?: string | number;
    cpu_limit?: string | number;
    memory?: string | number;
    memory_limit?: string | number;
    gpu?: number;
    gpu_vendor?: string;
  };
}

/** `POST /api/deployments/:name/predict`: what the endpoint answered, as it answered it. */
export interface IPredictResponse {
  protocol: 'v1' | 'v2';
  /** The endpoint's HTTP status (400 for a request it refused, with its message in `body`). */
  status: number;
  body: unknown;
  /** From the proxy sending the request to the endpoint's whole answer. */
  latencyMs: number;
}

export type DeploymentEvent =
  | { type: 'deployment.created'; deployment: IDeployment }
  | { type: 'deployment.updated'; deployment: IDeployment }
  | { type: 'deployment.deleted'; name: string };
