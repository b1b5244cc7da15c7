import { Router } from 'express';

import type { IClusterStatus } from '../contract/wire.js';

/** `GET /cluster`, mounted under `/api`: what the Kubernetes target would run against. */
export function createClusterRoutes(
  probe: () => Promise<IClusterStatus>
): Router {
  const router = Router();
  router.get('/cluster', async (_req, res) => {
    res.json(await probe());
  });
  return router;
}
