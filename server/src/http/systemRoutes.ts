import { Router } from 'express';

import {
  API_VERSION,
  type IExecutorInfo,
  type IHealth,
  type IVersionInfo
} from '../contract/wire.js';

export interface ISystemRoutesOptions {
  version: string;
  executors: IExecutorInfo[];
  defaultTarget: string;
  deployTargets: string[];
}

/** `GET /health` and `GET /version`, mounted under `/api`. */
export function createSystemRoutes(options: ISystemRoutesOptions): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    const body: IHealth = { status: 'ok' };
    res.json(body);
  });
  router.get('/version', (_req, res) => {
    const body: IVersionInfo = {
      name: 'cellpipe',
      version: options.version,
      apiVersion: API_VERSION,
      executors: options.executors,
      defaultTarget: options.defaultTarget,
      deployTargets: options.deployTargets
    };
    res.json(body);
  });
  return router;
}
