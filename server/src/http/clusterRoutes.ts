import type { IClusterStatus } from '../contract/wire.js';
import { Router } from './routing/Router.js';
import { sendJson } from './routing/sendJson.js';

/** `GET /cluster`, mounted under `/api`: what the Kubernetes target would run against. */
export function createClusterRoutes(
  probe: () => Promise<IClusterStatus>
): Router {
  const router = new Router();
  router.get('/cluster', async (_req, res) => {
    sendJson(res, await probe());
  });
  return router;
}
