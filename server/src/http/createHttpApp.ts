import express, { type Express } from 'express';
import type { Logger } from 'pino';

import type { TokenAuth } from '../auth/TokenAuth.js';
import type { IClusterStatus } from '../contract/wire.js';
import type { IExecutor } from '../executors/Executor.js';
import type { IResultCompiler } from '../pipelines/CompileWorker.js';
import type { DeployService } from '../serving/DeployService.js';
import { createAuthMiddleware } from './authMiddleware.js';
import { createClusterRoutes } from './clusterRoutes.js';
import { createCorsMiddleware } from './corsMiddleware.js';
import { createCrossSiteGuard } from './crossSiteGuard.js';
import { createDeploymentRoutes } from './deploymentRoutes.js';
import {
  createErrorMiddleware,
  createNotFoundHandler
} from './errorMiddleware.js';
import { rawCompileBody } from './compileRequest.js';
import { createJsonShapeCheck } from './jsonLimits.js';
import { createPipelineRoutes } from './pipelineRoutes.js';
import { createReadyRoute } from './readyRoute.js';
import { createRunRoutes, type IRunRoutesDeps } from './runRoutes.js';
import { createSystemRoutes } from './systemRoutes.js';

/** What the routes use of the engine (app.ts passes the engine itself). */
export interface IHttpAppDeps extends IRunRoutesDeps {
  version: string;
  compiler: IResultCompiler;
  executors: ReadonlyMap<string, IExecutor>;
  deployments: DeployService;
  probeCluster(): Promise<IClusterStatus>;
  /** Whether this server drives runs (the readiness probe's answer). */
  leadership: { readonly leading: boolean };
}

/** The express app: middleware in order, every route under `/api`, the one error middleware last. */
export function createHttpApp(
  auth: TokenAuth,
  logger: Logger,
  engine: IHttpAppDeps,
  limits: { bodyLimit: number; allowOrigins: string[] }
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    // Nothing here is meant to be rendered or run by a browser as a guess.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  // Order matters: CORS preflights of allowed origins first (browsers send
  // them without credentials), auth before routing (unknown routes are 401
  // too), the cross-site guard right after it, body parsing before the 404
  // handler (oversized bodies are 413).
  if (limits.allowOrigins.length > 0) {
    app.use(createCorsMiddleware(limits.allowOrigins));
  }
  // Before auth: the readiness probe has no token, and learns only "ready".
  app.get('/api/ready', createReadyRoute(engine.leadership));
  app.use(createAuthMiddleware(auth));
  app.use(createCrossSiteGuard(limits.allowOrigins, logger));
  app.use('/api/pipelines/compile', rawCompileBody(limits.bodyLimit));
  app.use('/api', express.json({ limit: limits.bodyLimit }));
  app.use('/api', createJsonShapeCheck());
  app.use(
    '/api',
    createSystemRoutes({
      version: engine.version,
      executors: [...engine.executors.values()].map(e => e.info()),
      defaultTarget: engine.runs.defaultTarget,
      deployTargets: engine.deployments.targetNames()
    })
  );
  app.use('/api', createPipelineRoutes(engine.compiler));
  app.use(
    '/api',
    createClusterRoutes(() => engine.probeCluster())
  );
  app.use('/api', createRunRoutes(engine));
  app.use('/api', createDeploymentRoutes(engine.deployments));
  app.use(createNotFoundHandler());
  app.use(createErrorMiddleware(logger));
  return app;
}
