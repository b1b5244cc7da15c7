import type { IResultCompiler } from '../pipelines/CompileWorker.js';
import { CompileRequestSchema } from './compileRequest.js';
import { parseRequest } from './parseRequest.js';
import { Router } from './routing/Router.js';
import { sendJsonText } from './routing/sendJson.js';

/** `POST /pipelines/compile`, mounted under `/api`. Problems are data: 200 with `ok: false`. */
export function createPipelineRoutes(compiler: IResultCompiler): Router {
  const router = new Router();
  router.post('/pipelines/compile', async (req, res) => {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    // An ICompileResult as JSON text, made in the compile worker; a large
    // body came as bytes (isRawCompileBody) and is parsed there too.
    const json = Buffer.isBuffer(req.body)
      ? await compiler.compileBodyJson(req.body, controller.signal)
      : await compiler.compileResultJson({
          ...parseRequest(CompileRequestSchema, req.body),
          signal: controller.signal
        });
    sendJsonText(res, json);
  });
  return router;
}
