import { fileURLToPath } from 'node:url';

import {
  API_VERSION,
  type IExecutorInfo,
  type IHealth,
  type IServerRuntime,
  type IVersionInfo
} from '../contract/wire.js';
import { Router } from './routing/Router.js';
import { sendJson } from './routing/sendJson.js';

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
  const router = new Router();
  router.get('/health', (_req, res) => {
    const body: IHealth = { status: 'ok' };
    sendJson(res, body);
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
    sendJson(res, body);
  });
  return router;
}
