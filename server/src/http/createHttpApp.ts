import type { IncomingMessage, ServerResponse } from 'node:http';

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
import { createBodyMiddleware } from './bodyMiddleware.js';
import { createErrorResponder } from './errorResponder.js';
import { NotFoundError } from '../errors.js';
import { createPipelineRoutes } from './pipelineRoutes.js';
import { createReadyRoute } from './readyRoute.js';
import { createRunRoutes, type IRunRoutesDeps } from './runRoutes.js';
import { toHttpRequest, type IHttpRequest } from './routing/HttpRequest.js';
import type { Middleware } from './routing/Middleware.js';
import { Router } from './routing/Router.js';
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

/** What node:http calls for each request. */
export type RequestListener = (
  req: IncomingMessage,
  res: ServerResponse
) => void;

/**
 * The HTTP app on node:http: the middleware in order, every route under
 * `/api`, errors answered in one place. Not express: its load (body-parser's
 * and mime's tables, the router) was ~80 ms of the server's start-up, for
 * ~25 JSON routes (docs/engine.md, "The HTTP layer").
 */
export function createHttpApp(
  auth: TokenAuth,
  logger: Logger,
  engine: IHttpAppDeps,
  limits: { bodyLimit: number; allowOrigins: string[] }
): RequestListener {
  const api = new Router('/api')
    .include(
      createSystemRoutes({
        version: engine.version,
        executors: [...engine.executors.values()].map(e => e.info()),
        defaultTarget: engine.runs.defaultTarget,
        deployTargets: engine.deployments.targetNames()
      })
    )
    .include(createPipelineRoutes(engine.compiler))
    .include(createClusterRoutes(() => engine.probeCluster()))
    .include(createRunRoutes(engine))
    .include(createDeploymentRoutes(engine.deployments));
  // Order matters: CORS preflights of allowed origins first (browsers send
  // them without credentials), the readiness probe before auth (it has no
  // token), auth before routing (unknown routes are 401 too), the cross-site
  // guard right after it, the body before the 404 (oversized bodies are 413).
  const steps: Middleware[] = [
    ...(limits.allowOrigins.length > 0
      ? [createCorsMiddleware(limits.allowOrigins)]
      : []),
    createReadyRoute(engine.leadership),
    createAuthMiddleware(auth),
    createCrossSiteGuard(limits.allowOrigins, logger),
    createBodyMiddleware(limits.bodyLimit)
  ];
  const respondError = createErrorResponder(logger);
  return (raw, res) => {
    // Nothing here is meant to be rendered or run by a browser as a guess.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const req = toHttpRequest(raw);
    handle(req, res, steps, api).catch(err => respondError(err, req, res));
  };
}

async function handle(
  req: IHttpRequest,
  res: ServerResponse,
  steps: Middleware[],
  api: Router
): Promise<void> {
  for (const step of steps) {
    if (await step(req, res)) {
      return;
    }
  }
  const route = api.match(req.method, req.path);
  if (!route) {
    throw new NotFoundError(`no route for ${req.method} ${req.path}`);
  }
  req.params = route.params;
  await route.handler(req, res);
}
