import { Router } from 'express';
import { z } from 'zod';

import type { CompileService } from '../pipelines/CompileService.js';
import { parseRequest } from './parseRequest.js';
import { nameField, notebookField, parametersField } from './requestFields.js';
import type { ICompileResult } from '../contract/wire.js';

const CompileRequestSchema = z
  .object({
    notebook: notebookField,
    name: nameField.optional(),
    notebookPath: z.string().min(1).max(4096).optional(),
    parameters: parametersField.optional()
  })
  .strict();

/** `POST /pipelines/compile`, mounted under `/api`. Problems are data: 200 with `ok: false`. */
export function createPipelineRoutes(compiler: CompileService): Router {
  const router = Router();
  router.post('/pipelines/compile', async (req, res) => {
    const body = parseRequest(CompileRequestSchema, req.body);
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    const { result } = await compiler.compile({
      ...body,
      signal: controller.signal
    });
    const payload: ICompileResult = result;
    res.json(payload);
  });
  return router;
}
