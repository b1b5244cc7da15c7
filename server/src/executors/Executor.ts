import type { Logger } from 'pino';

import type {
  IClusterStatus,
  IExecutorInfo,
  IStepError,
  IStepProperties
} from '../contract/wire.js';
import type { IStepAccess } from '../store/ArtifactStore.js';
import type { StepLine } from './stepEvents.js';

/** Everything an executor needs to run one step once (or a few times, with retries). */
export interface IStepJob {
  runId: string;
  step: string;
  /** The self-contained Python program (harness + step definition). */
  program: string;
  programHash: string;
  /** The run context the harness reads (docs/step-programs.md). */
  context: IRunContext;
  properties: IStepProperties;
  /** Working directory of the step: the notebook's folder, so relative paths work as in the notebook. */
  cwd: string;
  /** Log lines of this step a previous server already stored (when re-attaching to a running step). */
  linesSeen?: number;
}

export interface IRunContext {
  run_id: string;
  /** Input name -> artifact path prefix of the producing step. */
  inputs: Record<string, string>;
  output_dir: string;
  parameters: Record<string, unknown>;
  /** Artifacts in object storage: presigned URLs per input and output (runtime/object_values.py). */
  objects?: IStepAccess;
}

export type StepUpdate =
  /** A try starts: the step is running now. */
  | { type: 'attempt'; attempt: number; pid: number | null }
  /** A log line or a harness event, in the order the step wrote them. */
  | { type: 'line'; line: StepLine }
  /** A try failed and another one follows. */
  | { type: 'retrying'; attempt: number; reason: string }
  | { type: 'done'; outcome: IStepOutcome };

export interface IStepOutcome {
  status: 'succeeded' | 'failed' | 'cancelled';
  exitCode: number | null;
  signal: string | null;
  /** One line a person can act on ("timed out after 30 s", "exited with code 3"). */
  reason: string | null;
  error: IStepError | null;
}

/**
 * The abort reason a server shutting down gives to executors whose steps
 * live on without it: stop following, leave the step running (no `done`).
 */
export const DETACH = 'cellpipe: server shutting down, detach';

/**
 * Runs single steps somewhere (this machine, a Kubernetes cluster). The
 * RunService orchestrates the DAG, caching and the store; an executor only
 * runs what it is given, reports every line, and honours the signal.
 */
export interface IExecutor {
  readonly name: string;
  /** True when steps outlive the server and a restarted server re-attaches to them. */
  readonly reattaches?: boolean;
  /** True when its steps run in pods: a bucket's URLs must name an endpoint pods reach. */
  readonly podSteps?: boolean;
  info(): IExecutorInfo;
  /** Runs the step (queueing it when the executor is busy); ends with one `done`. */
  run(job: IStepJob, signal: AbortSignal): AsyncIterable<StepUpdate>;
  /** Stops everything still running (orderly shutdown). */
  stop(): Promise<void>;
  /** Removes what a deleted run left where it ran (cluster objects). */
  deleteRun?(runId: string): Promise<void>;
  /**
   * Throws a ValidationError (reason and fix) when a run could not start
   * there now: checked when a run is submitted, before anything is created.
   */
  preflight?(options: { bucket: boolean }): Promise<void>;
  /** Reachability, version and permissions of the cluster it runs on (`GET /api/cluster`). */
  probe?(): Promise<IClusterStatus>;
}

/** What the composition root hands every executor it makes. */
export interface IExecutorSetup {
  /** Python of the analysis and of local steps (the Jupyter server's). */
  python: string | Promise<string>;
  /** The harness every step program starts with. */
  harness: string;
  /** Where the server keeps artifacts (LocalArtifacts.root). */
  artifactsRoot: string;
  /** True when artifacts live in a bucket (steps get signed URLs; pods mount no claim). */
  bucket?: boolean;
  logger: Logger;
}

/**
 * One entry of the engine's executor list (`app.ts`): makes the executor
 * from the shared setup; its own options come from the closure.
 */
export type ExecutorFactory = (setup: IExecutorSetup) => IExecutor;
