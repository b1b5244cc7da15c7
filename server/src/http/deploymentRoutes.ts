import { Router, type Request } from 'express';
import { z } from 'zod';

import type { DeployService } from '../serving/DeployService.js';
import {
  CommonInputShape,
  ResourcesSchema
} from '../serving/kubernetes/deploymentInput.js';
import { parseRequest } from './parseRequest.js';

const CreateDeployment = z
  .object({
    runId: z.string().min(1).max(100),
    step: z.string().min(1).max(63),
    artifact: CommonInputShape.artifactName,
    name: CommonInputShape.name,
    target: z.string().min(1).max(63).optional(),
    minReplicas: CommonInputShape.minReplicas,
    maxReplicas: CommonInputShape.maxReplicas,
    canaryTrafficPercent: z.number().int().min(0).max(100).optional(),
    image: z.string().min(1).max(512).optional(),
    resources: ResourcesSchema.optional()
  })
  .strict()
  .refine(
    d =>
      d.minReplicas === undefined ||
      d.maxReplicas === undefined ||
      d.minReplicas <= d.maxReplicas,
    { message: 'must not be more than maxReplicas', path: ['minReplicas'] }
  );

const ListQuery = z.object({ runId: z.string().min(1).max(100).optional() });

const PredictQuery = z.object({
  protocol: z.enum(['v1', 'v2']).default('v1')
});

/** A protocol request is a JSON object; the model server checks the rest. */
const PredictBody = z.record(z.string(), z.unknown());

const param = (req: Request, name: string): string => String(req.params[name]);

/** The deployments API, mounted under `/api`. */
export function createDeploymentRoutes(deploys: DeployService): Router {
  const router = Router();
  router.post('/deployments', async (req, res) => {
    const request = parseRequest(CreateDeployment, req.body);
    res.status(201).json(await deploys.create(request));
  });
  router.get('/deployments', (req, res) => {
    res.json(deploys.list(parseRequest(ListQuery, req.query, 'query').runId));
  });
  router.get('/deployments/:name', (req, res) => {
    res.json(deploys.get(param(req, 'name')));
  });
  router.delete('/deployments/:name', async (req, res) => {
    await deploys.delete(param(req, 'name'));
    res.status(204).end();
  });
  router.post('/deployments/:name/predict', async (req, res) => {
    const { protocol } = parseRequest(PredictQuery, req.query, 'query');
    const body = parseRequest(PredictBody, req.body);
    res.json(await deploys.predict(param(req, 'name'), protocol, body));
  });
  return router;
}
