import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

import express, { type Express } from 'express';
import type { Logger } from 'pino';

import { CellpipeServer } from './CellpipeServer.js';
import { EventBus } from './events/EventBus.js';
import { WsHub } from './events/WsHub.js';
import { createAuthMiddleware } from './http/authMiddleware.js';
import { createCorsMiddleware } from './http/corsMiddleware.js';
import {
  createErrorMiddleware,
  createNotFoundHandler
} from './http/errorMiddleware.js';
import { createClusterRoutes } from './http/clusterRoutes.js';
import { createDeploymentRoutes } from './http/deploymentRoutes.js';
import { DeployService } from './serving/DeployService.js';
import type { IDeployTarget } from './serving/DeployTarget.js';
import { KubernetesDeployTarget } from './serving/kubernetes/KubernetesDeployTarget.js';
import { LocalDeployTarget } from './serving/local/LocalDeployTarget.js';
import { SqliteDeploymentStore } from './store/SqliteDeploymentStore.js';
import type { DeploymentTarget } from './contract/wire.js';
import { createPipelineRoutes } from './http/pipelineRoutes.js';
import { createRunRoutes } from './http/runRoutes.js';
import type { IExecutor } from './executors/Executor.js';
import type { IKubernetesOptions } from './kube/kubernetesOptions.js';
import { LocalArtifacts } from './store/LocalArtifacts.js';
import { KubernetesExecutor } from './executors/kubernetes/KubernetesExecutor.js';
import { LocalExecutor } from './executors/local/LocalExecutor.js';
import { EngineLease } from './store/EngineLease.js';
import { recoverInterrupted } from './runs/recoverInterrupted.js';
import type { IRunStore } from './store/RunStore.js';
import { RunService } from './runs/RunService.js';
import { SqliteRunStore } from './store/SqliteRunStore.js';
import { resolvePython } from './pipelines/pythonExecutable.js';
import { createSystemRoutes } from './http/systemRoutes.js';
import { TokenAuth } from './auth/TokenAuth.js';
import { createStderrLogger } from './logger.js';
import { CompileService } from './pipelines/CompileService.js';
import { PythonAnalyzer } from './pipelines/PythonAnalyzer.js';
import { VERSION } from './version.js';

export const HARNESS_SCRIPT = fileURLToPath(
  new URL('../runtime/harness.py', import.meta.url)
);
export const MODEL_SERVER_SCRIPT = fileURLToPath(
  new URL('../runtime/model_server.py', import.meta.url)
);
export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** Clients only send small control messages; anything bigger is abuse. */
const WS_MAX_PAYLOAD = 1024 * 1024;

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
  /** Where runs go when the request names no target; default `local`. */
  defaultTarget?: string;
  /** The Kubernetes target; it is offered (and checked) whenever a config is found. */
  kubernetes?: IKubernetesOptions;
  /** Pick up recorded deployments (watch, restart); false for one-shot CLI commands. Default true. */
  resumeDeployments?: boolean;
  logger?: Logger;
}

/** The run engine: store, events, executors and the services on top of them. */
export interface IEngine {
  home: string;
  store: IRunStore;
  bus: EventBus;
  compiler: CompileService;
  runs: RunService;
  artifacts: LocalArtifacts;
  executors: ReadonlyMap<string, IExecutor>;
  kubernetes: KubernetesExecutor;
  deployments: DeployService;
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
  mkdirSync(home, { recursive: true });
  const logger = options.logger ?? createStderrLogger();
  const python = options.python ?? resolvePython();
  const store = new SqliteRunStore(join(home, 'cellpipe.db'));
  const bus = new EventBus();
  const compiler = createCompileService(python);
  const artifacts = new LocalArtifacts(join(home, 'artifacts'));
  const local = new LocalExecutor({
    python,
    concurrency: options.concurrency,
    killGraceMs: options.killGraceMs
  });
  const kubernetes = new KubernetesExecutor({
    ...options.kubernetes,
    harness: readFileSync(HARNESS_SCRIPT, 'utf8'),
    artifactsRoot: artifacts.root,
    logger
  });
  const executors = new Map<string, IExecutor>([
    [local.name, local],
    [kubernetes.name, kubernetes]
  ]);
  const runs = new RunService({
    store,
    events: bus,
    compiler,
    executors,
    artifacts,
    logger,
    defaultTarget: options.defaultTarget ?? 'local',
    notebookRoot: options.notebookRoot ?? process.cwd(),
    beforeDelete: runId => deployments.assertRunDeletable(runId)
  });
  const deploymentStore = new SqliteDeploymentStore(join(home, 'cellpipe.db'));
  const deployments = createDeployService({
    home,
    python,
    runStore: store,
    store: deploymentStore,
    bus,
    logger,
    kubernetes: options.kubernetes ?? {}
  });
  const lease = EngineLease.acquire(home);
  if (!lease.othersAlive) {
    const kept = recoverInterrupted(
      store,
      bus,
      logger,
      new Set([kubernetes.name])
    );
    for (const id of kept) {
      runs
        .reattach(id)
        .catch((err: unknown) =>
          logger.error({ err, run: id }, 'could not re-attach to a run')
        );
    }
  }
  if (options.resumeDeployments !== false) {
    deployments.resumeAll();
  }
  return {
    home,
    store,
    bus,
    compiler,
    runs,
    artifacts,
    executors,
    kubernetes,
    deployments,
    stop: async () => {
      await deployments.stop();
      await runs.stop();
      await Promise.all([...executors.values()].map(e => e.stop()));
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
  const app = createHttpApp(auth, logger, engine, {
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    allowOrigins: options.allowOrigins ?? []
  });
  const hub = new WsHub({
    auth,
    logger,
    version: VERSION,
    heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    maxPayload: WS_MAX_PAYLOAD,
    bus: engine.bus,
    events: engine.store
  });
  return new CellpipeServer({
    httpServer: createServer(app),
    hub,
    engine,
    host: options.host,
    port: options.port,
    logger
  });
}

/** Deployments and where they are served (model servers outlive this process). */
function createDeployService(parts: {
  home: string;
  python: string | Promise<string>;
  runStore: IRunStore;
  store: SqliteDeploymentStore;
  bus: EventBus;
  logger: Logger;
  kubernetes: IKubernetesOptions;
}): DeployService {
  const { store, logger } = parts;
  const local = new LocalDeployTarget({
    python: parts.python,
    script: MODEL_SERVER_SCRIPT,
    root: join(parts.home, 'deployments'),
    logger,
    stillWanted: name => store.get(name) !== undefined
  });
  const kubernetes = new KubernetesDeployTarget({
    options: parts.kubernetes,
    logger
  });
  const targets = new Map<DeploymentTarget, IDeployTarget>([
    [local.name, local],
    [kubernetes.name, kubernetes]
  ]);
  return new DeployService({
    store,
    runs: parts.runStore,
    events: parts.bus,
    targets,
    logger
  });
}

/** The analysis runs in Python; the harness is embedded in every step program. */
export function createCompileService(
  python: string | Promise<string>
): CompileService {
  const harness = readFileSync(HARNESS_SCRIPT, 'utf8');
  return new CompileService(new PythonAnalyzer({ python }), harness);
}

function createHttpApp(
  auth: TokenAuth,
  logger: Logger,
  engine: IEngine,
  limits: { bodyLimit: number; allowOrigins: string[] }
): Express {
  const app = express();
  app.disable('x-powered-by');
  // Order matters: CORS preflights of allowed origins first (browsers send
  // them without credentials), auth before routing (unknown routes are 401
  // too), body parsing before the 404 handler (oversized bodies are 413).
  if (limits.allowOrigins.length > 0) {
    app.use(createCorsMiddleware(limits.allowOrigins));
  }
  app.use(createAuthMiddleware(auth));
  app.use('/api', express.json({ limit: limits.bodyLimit }));
  app.use(
    '/api',
    createSystemRoutes({
      version: VERSION,
      executors: [...engine.executors.values()].map(e => e.info()),
      defaultTarget: engine.runs.defaultTarget
    })
  );
  app.use('/api', createPipelineRoutes(engine.compiler));
  app.use(
    '/api',
    createClusterRoutes(() => engine.kubernetes.probe())
  );
  app.use('/api', createRunRoutes(engine));
  app.use('/api', createDeploymentRoutes(engine.deployments));
  app.use(createNotFoundHandler());
  app.use(createErrorMiddleware(logger));
  return app;
}
