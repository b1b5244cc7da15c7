import { Router } from 'express';
import { z } from 'zod';

import type { IResultCompiler } from '../pipelines/CompileWorker.js';
import { parseRequest } from './parseRequest.js';
import { nameField, notebookField, parametersField } from './requestFields.js';

const CompileRequestSchema = z
  .object({
    notebook: notebookField,
    name: nameField.optional(),
    notebookPath: z.string().min(1).max(4096).optional(),
    parameters: parametersField.optional()
  })
  .strict();

/** `POST /pipelines/compile`, mounted under `/api`. Problems are data: 200 with `ok: false`. */
export function createPipelineRoutes(compiler: IResultCompiler): Router {
  const router = Router();
  router.post('/pipelines/compile', async (req, res) => {
    const body = parseRequest(CompileRequestSchema, req.body);
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    // An ICompileResult as JSON text, made in the compile worker.
    const json = await compiler.compileResultJson({
      ...body,
      signal: controller.signal
    });
    res.type('application/json').send(json);
  });
  return router;
}
