import { fileURLToPath } from 'node:url';

import { Router } from 'express';

import {
  API_VERSION,
  type IExecutorInfo,
  type IHealth,
  type IServerRuntime,
  type IVersionInfo
} from '../contract/wire.js';

/** This module is `<server>/dist/http/`, in a checkout and in the wheel's bundle alike. */
function serverRuntime(): IServerRuntime {
  return {
    node: process.versions.node,
    serverDir: fileURLToPath(new URL('../..', import.meta.url)).replace(
      /\/$/,
      ''
    ),
    entry: process.argv[1] ?? ''
  };
}

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
      deployTargets: options.deployTargets,
      runtime: serverRuntime()
    };
    res.json(body);
  });
  return router;
}
