import { Router } from 'express';

import type { IResultCompiler } from '../pipelines/CompileWorker.js';
import { CompileRequestSchema } from './compileRequest.js';
import { parseRequest } from './parseRequest.js';

/** `POST /pipelines/compile`, mounted under `/api`. Problems are data: 200 with `ok: false`. */
export function createPipelineRoutes(compiler: IResultCompiler): Router {
  const router = Router();
  router.post('/pipelines/compile', async (req, res) => {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    // An ICompileResult as JSON text, made in the compile worker; a large
    // body came as bytes (rawCompileBody) and is parsed there too.
    const json = Buffer.isBuffer(req.body)
      ? await compiler.compileBodyJson(req.body, controller.signal)
      : await compiler.compileResultJson({
          ...parseRequest(CompileRequestSchema, req.body),
          signal: controller.signal
        });
    res.type('application/json').send(json);
  });
  return router;
}
