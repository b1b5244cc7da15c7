import { homedir } from 'node:os';
import { join } from 'node:path';

import type { Logger } from 'pino';

import type { IClusterStatus } from './contract/wire.js';
import type { EventBus } from './events/EventBus.js';
import type { ExecutorFactory, IExecutor } from './executors/Executor.js';
import type { IKubernetesOptions } from './kube/kubernetesOptions.js';
import type { ILeaderLeaseSettings, ILeadership } from './lease/Leadership.js';
import type { AnalysisProcess } from './pipelines/AnalysisProcess.js';
import type { Compiler, IResultCompiler } from './pipelines/CompileWorker.js';
import type { RunService } from './runs/RunService.js';
import type { DeployService } from './serving/DeployService.js';
import type { DeployTargetFactory } from './serving/DeployTarget.js';
import type { IArtifactStore } from './store/ArtifactStore.js';
import type { IObjectStorageOptions } from './store/objectStorageConfig.js';
import type { IRunStore } from './store/RunStore.js';

// The shapes app.ts wires: the engine's options and parts, the server's options.

export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;
export const DEFAULT_HEARTBEAT_MS = 15_000;

export interface IEngineOptions {
  /** Where the store and artifacts live; default `$CELLPIPE_HOME` or `~/.cellpipe`. */
  home?: string;
  /** Python for the analysis and the local steps; default `$CELLPIPE_PYTHON`, else `python3`. */
  python?: string | Promise<string>;
  /** Local steps running at once; default: the number of cores. */
  concurrency?: number;
  /** Between SIGTERM and SIGKILL when a step is stopped. */
  killGraceMs?: number;
  /** Folder that notebook paths are relative to (Jupyter's root); default: the current folder. */
  notebookRoot?: string;
  /** Where runs go when the request names no target; default: the first executor (`local`). */
  defaultTarget?: string;
  /** The Kubernetes target; it is offered (and checked) whenever a config is found. */
  kubernetes?: IKubernetesOptions;
  /**
   * Compile on this thread instead of in worker threads: for one-shot CLI
   * commands, where a worker's start and its second load of the compiler
   * cost more than the compile. Default false (the server keeps its event
   * loop free).
   */
  compileInProcess?: boolean;
  /** With compileInProcess: an analysis process the command started before loading the engine (its first compile uses it). */
  startedAnalysis?: AnalysisProcess;
  /** Pick up recorded deployments (watch, restart); false for one-shot CLI commands. Default true. */
  resumeDeployments?: boolean;
  /**
   * Where artifacts live: `s3://bucket/prefix` (endpoint and credentials
   * from the environment, docs/storage.md), the options themselves, or a
   * folder; default `$CELLPIPE_ARTIFACTS`, else `<home>/artifacts`.
   */
  artifacts?: string | IObjectStorageOptions;
  /** Where steps run; default `builtInExecutors(options)`. */
  executors?: readonly ExecutorFactory[];
  /** Targets whose runs' imports are checked first; default local and kubernetes with the built-in executors, none with others. */
  checkImports?: readonly string[];
  /** Where models are served; default `builtInDeployTargets(options)`. */
  deployTargets?: readonly DeployTargetFactory[];
  /**
   * Drive runs only while holding this Kubernetes Lease (a server in the
   * cluster with a standby); default none: this engine always drives them.
   */
  leaderLease?: ILeaderLeaseSettings;
  logger?: Logger;
}

export type EngineCompiler = Compiler &
  IResultCompiler & { stop(): Promise<void> };

/** The run engine: store, events, executors and the services on top of them. */
export interface IEngine {
  home: string;
  store: IRunStore;
  bus: EventBus;
  /** Compiles off the event loop, in worker threads (in process for CLI commands). */
  compiler: EngineCompiler;
  runs: RunService;
  artifacts: IArtifactStore;
  /** Every executor by name, with its capabilities (re-attaching, cluster probe). */
  executors: ReadonlyMap<string, IExecutor>;
  deployments: DeployService;
  /** Whether this engine drives runs now (always, without a leader lease). */
  leadership: ILeadership;
  /** What the executor that runs on a cluster would run against (`GET /api/cluster`). */
  probeCluster(): Promise<IClusterStatus>;
  /** Cancels what runs ("the server stopped") and stops the executors. */
  stop(): Promise<void>;
  /** Closes the store; after stop(). */
  close(): void;
}

export interface ICellpipeServerOptions extends IEngineOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The shared secret every request must carry. */
  token: string;
  /** Largest accepted JSON request body in bytes. */
  bodyLimit?: number;
  heartbeatMs?: number;
  /** Browser origins allowed to call a standalone server (CORS). */
  allowOrigins?: string[];
}

export function defaultHome(): string {
  return process.env.CELLPIPE_HOME ?? join(homedir(), '.cellpipe');
}
