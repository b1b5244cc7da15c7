import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Logger } from 'pino';

import { CellpipeServer } from './CellpipeServer.js';
import { EventBus } from './events/EventBus.js';
import { DeployService } from './serving/DeployService.js';
import type {
  DeployTargetFactory,
  IDeployTargetSetup
} from './serving/DeployTarget.js';
import { LazyDeployTarget } from './LazyDeployTarget.js';
import { SqliteDeploymentStore } from './store/SqliteDeploymentStore.js';
import type { IClusterStatus } from './contract/wire.js';
import type { ExecutorFactory, IExecutor } from './executors/Executor.js';
import { probeCluster } from './executors/probeCluster.js';
import type { IKubernetesOptions } from './kube/kubernetesOptions.js';
import { secretCredentials } from './kube/secretCredentials.js';
import type { IArtifactStore } from './store/ArtifactStore.js';
import { createArtifactStore } from './store/createArtifactStore.js';
import type { IObjectStorageOptions } from './store/objectStorageConfig.js';
import { lazyKubernetesExecutor } from './executors/kubernetes/lazyKubernetesExecutor.js';
import { LocalExecutor } from './executors/local/LocalExecutor.js';
import { EngineLease } from './store/EngineLease.js';
import {
  type ILeaderLeaseSettings,
  type ILeadership,
  LeaseLeadership,
  SoleLeadership
} from './lease/Leadership.js';
import { recoverInterrupted } from './runs/recoverInterrupted.js';
import type { IRunStore } from './store/RunStore.js';
import { RunService } from './runs/RunService.js';
import {
  CHECKED_TARGETS,
  importPreflightFor
} from './preflight/importPreflightFor.js';
import { SqliteRunStore } from './store/SqliteRunStore.js';
import { resolvePython } from './pipelines/pythonExecutable.js';
import { TokenAuth } from './auth/TokenAuth.js';
import { createStderrLogger } from './logger.js';
import { createCompileService, readHarness } from './compileWiring.js';
import type { AnalysisProcess } from './pipelines/AnalysisProcess.js';
import {
  CompileWorker,
  type Compiler,
  type IResultCompiler
} from './pipelines/CompileWorker.js';
import { InProcessCompiler } from './pipelines/InProcessCompiler.js';
import { VERSION } from './version.js';

// The compile wiring sits in its own light module: the compile worker thread
// loads it without the rest of the server (the Kubernetes client alone costs
// ~0.7 s of CPU). Re-exported, so callers keep importing from app.ts.
export {
  createCompileService,
  HARNESS_SCRIPT,
  readHarness
} from './compileWiring.js';
export const MODEL_SERVER_SCRIPT = fileURLToPath(
  new URL('../runtime/model_server.py', import.meta.url)
);
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

/**
 * Where steps run: one entry per executor, each made from the shared setup
 * (docs/architecture.md, "Add an executor"). A run's `target` names one.
 * Heavy ones are imported on first use (docs/engine.md, "What loads lazily").
 */
export function builtInExecutors(options: IEngineOptions): ExecutorFactory[] {
  return [
    setup =>
      new LocalExecutor({
        python: setup.python,
        concurrency: options.concurrency,
        killGraceMs: options.killGraceMs
      }),
    lazyKubernetesExecutor(options.kubernetes)
  ];
}

/** Where models are served: one entry per deploy target ("Add a deploy target"). */
export function builtInDeployTargets(
  options: IEngineOptions
): DeployTargetFactory[] {
  return [
    // Both load on first use: most servers and commands never deploy, and
    // the local one's HTTP client alone costs ~45 ms (node:http as ESM).
    setup =>
      new LazyDeployTarget({
        name: 'local',
        initialKind: 'process',
        servesRunFiles: false,
        load: async () => {
          const { LocalDeployTarget } =
            await import('./serving/local/LocalDeployTarget.js');
          return new LocalDeployTarget({
            python: setup.python,
            script: setup.modelServerScript,
            root: setup.root,
            logger: setup.logger,
            stillWanted: setup.stillWanted,
            artifacts: setup.artifacts
          });
        }
      }),
    setup =>
      new LazyDeployTarget({
        name: 'kubernetes',
        initialKind: 'deployment',
        servesRunFiles: true,
        load: async () => {
          const { KubernetesDeployTarget } =
            await import('./serving/kubernetes/KubernetesDeployTarget.js');
          return new KubernetesDeployTarget({
            options: options.kubernetes ?? {},
            logger: setup.logger
          });
        }
      })
  ];
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

/** Wires the engine; on start it marks runs a crashed server left behind as interrupted. */
export function createEngine(options: IEngineOptions): IEngine {
  const home = resolve(options.home ?? defaultHome());
  // Private: the store holds logs, parameters and outputs of every run.
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const logger = options.logger ?? createStderrLogger();
  const python = options.python ?? resolvePython();
  const store = new SqliteRunStore(join(home, 'cellpipe.db'));
  const bus = new EventBus();
  const notebookRoot = options.notebookRoot ?? process.cwd();
  const compiler: EngineCompiler = options.compileInProcess
    ? new InProcessCompiler(
        createCompileService(python, notebookRoot, options.startedAnalysis),
        // Loaded on first use: a CLI command never gets a request body.
        async raw =>
          (await import('./http/compileRequest.js')).parseCompileBody(raw)
      )
    : createCompileWorker(python, notebookRoot);
  const artifacts = createArtifactStore(
    options.artifacts ?? process.env.CELLPIPE_ARTIFACTS,
    join(home, 'artifacts'),
    ref => secretCredentials(ref, options.kubernetes ?? {})
  );
  const harness = readHarness();
  const executors = byName(
    (options.executors ?? builtInExecutors(options)).map(make =>
      make({
        python,
        harness,
        artifactsRoot: artifacts.root,
        bucket: artifacts.stepAccess !== undefined,
        logger
      })
    )
  );
  const runs = new RunService({
    store,
    events: bus,
    compiler,
    executors,
    artifacts,
    logger,
    defaultTarget: options.defaultTarget ?? [...executors.keys()][0],
    notebookRoot,
    beforeDelete: runId => deployments.assertRunDeletable(runId),
    ...importPreflightFor(
      options.checkImports ?? (options.executors ? [] : CHECKED_TARGETS),
      { python, kubernetes: options.kubernetes, warn: m => logger.warn(m) }
    ),
    assertLeading: () => leadership.assertLeading()
  });
  const deploymentStore = new SqliteDeploymentStore(join(home, 'cellpipe.db'));
  const deployments = createDeployService(
    options,
    { root: join(home, 'deployments'), python, logger, artifacts },
    deploymentStore,
    store,
    bus
  );
  const lease = EngineLease.acquire(home);
  const carryOn = () => carryOnInterrupted(store, bus, runs, executors, logger);
  const resume = () => {
    if (options.resumeDeployments !== false) {
      deployments.resumeAll();
    }
  };
  const leadership = options.leaderLease
    ? // Taking the lease carries on what a previous leader left (the lease,
      // not the local engine files, says it is gone); losing it lets go.
      new LeaseLeadership(
        options.leaderLease,
        options.kubernetes ?? {},
        logger,
        {
          lead: first => {
            carryOn();
            if (first) {
              resume();
            }
          },
          standby: () => runs.stop('this server lost the leader lease')
        }
      ).start()
    : new SoleLeadership();
  if (!options.leaderLease) {
    if (!lease.othersAlive) {
      carryOn();
    }
    resume();
  }
  return {
    home,
    store,
    bus,
    compiler,
    runs,
    artifacts,
    executors,
    deployments,
    leadership,
    probeCluster: () => probeCluster(executors),
    stop: async () => {
      await deployments.stop();
      // The lease goes after the runs were let go: the standby that takes
      // over re-attaches to them.
      await leadership.stop(() => runs.stop());
      await Promise.all([...executors.values()].map(e => e.stop()));
      await compiler.stop();
      await artifacts.close?.();
    },
    close: () => {
      deploymentStore.close();
      store.close();
      lease.release();
    }
  };
}

/** The single place where the server's parts are created and connected. */
export function createCellpipeServer(
  options: ICellpipeServerOptions
): CellpipeServer {
  const auth = new TokenAuth(options.token);
  const logger = options.logger ?? createStderrLogger();
  const engine = createEngine({ ...options, logger });
  // Imported here, not at the top: the commands that build only the engine
  // (run, runs, deploy) never load express, ws and the request schemas.
  const web = import('./webWiring.js').then(({ createWeb }) =>
    createWeb({
      auth,
      logger,
      engine: { ...engine, version: VERSION },
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      allowOrigins: options.allowOrigins ?? [],
      heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS
    })
  );
  return new CellpipeServer({
    web,
    engine,
    host: options.host,
    port: options.port,
    logger
  });
}

/** Deployments and the targets they are served on (model servers outlive this process). */
function createDeployService(
  options: IEngineOptions,
  setup: Pick<IDeployTargetSetup, 'root' | 'python' | 'logger' | 'artifacts'>,
  store: SqliteDeploymentStore,
  runStore: IRunStore,
  events: EventBus
): DeployService {
  const targets = (options.deployTargets ?? builtInDeployTargets(options)).map(
    make =>
      make({
        ...setup,
        modelServerScript: MODEL_SERVER_SCRIPT,
        stillWanted: name => store.get(name) !== undefined
      })
  );
  return new DeployService({
    store,
    runs: runStore,
    events,
    targets: byName(targets),
    logger: setup.logger
  });
}

/**
 * Runs a crashed server left behind: failed, or carried on when their
 * executor re-attaches (their steps live on in a cluster).
 */
function carryOnInterrupted(
  store: IRunStore,
  bus: EventBus,
  runs: RunService,
  executors: ReadonlyMap<string, IExecutor>,
  logger: Logger
): void {
  const reattaching = [...executors.values()].filter(e => e.reattaches);
  const kept = recoverInterrupted(
    store,
    bus,
    logger,
    new Set(reattaching.map(e => e.name))
  );
  for (const id of kept) {
    runs
      .reattach(id)
      .catch((err: unknown) =>
        logger.error({ err, run: id }, 'could not re-attach to a run')
      );
  }
}

/** Names must be unique: a run or deployment names its executor or target. */
function byName<T extends { readonly name: string }>(
  items: readonly T[]
): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.name)) {
      throw new Error(
        `two executors or deploy targets are named "${item.name}"`
      );
    }
    map.set(item.name, item);
  }
  return map;
}

/**
 * The compile service in worker threads (`compileWorkerMain.ts` builds it
 * with createCompileService and these arguments): a huge notebook cannot
 * block the server, and each compile has a time and memory budget.
 */
export function createCompileWorker(
  python: string | Promise<string>,
  notebookRoot?: string
): CompileWorker {
  return new CompileWorker({
    entry: new URL('./compileWorkerMain.js', import.meta.url),
    workerData: async () => ({
      serviceArgs: [await python, notebookRoot] satisfies Parameters<
        typeof createCompileService
      >
    })
  });
}
