import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CellpipeServer } from './CellpipeServer.js';
import { EventBus } from './events/EventBus.js';
import { DeployService } from './serving/DeployService.js';
import type {
  DeployTargetFactory,
  IDeployTargetSetup
} from './serving/DeployTarget.js';
import { LazyDeployTarget } from './LazyDeployTarget.js';
import { SqliteDeploymentStore } from './store/SqliteDeploymentStore.js';
import type { ExecutorFactory } from './executors/Executor.js';
import { probeCluster } from './executors/probeCluster.js';
import { secretCredentials } from './kube/secretCredentials.js';
import { createArtifactStore } from './store/createArtifactStore.js';
import { lazyKubernetesExecutor } from './executors/kubernetes/lazyKubernetesExecutor.js';
import { LocalExecutor } from './executors/local/LocalExecutor.js';
import { EngineLease } from './store/EngineLease.js';
import { LeaseLeadership, SoleLeadership } from './lease/Leadership.js';
import { carryOnInterrupted } from './runs/carryOnInterrupted.js';
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
import { CompileWorker } from './pipelines/CompileWorker.js';
import { InProcessCompiler } from './pipelines/InProcessCompiler.js';
import { VERSION } from './version.js';
import {
  DEFAULT_BODY_LIMIT,
  DEFAULT_HEARTBEAT_MS,
  defaultHome,
  type EngineCompiler,
  type ICellpipeServerOptions,
  type IEngine,
  type IEngineOptions
} from './engineTypes.js';

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
export {
  DEFAULT_BODY_LIMIT,
  DEFAULT_HEARTBEAT_MS,
  defaultHome,
  type EngineCompiler,
  type ICellpipeServerOptions,
  type IEngine,
  type IEngineOptions
} from './engineTypes.js';

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
  // (run, runs, deploy) never load the HTTP layer, ws and the request schemas.
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
