import type { DeployService } from '../serving/DeployService.js';
import {
  CommonInputShape,
  ResourcesSchema
} from '../serving/kubernetes/deploymentInput.js';
import * as z from '../spec/zodMini.js';
import { parseRequest } from './parseRequest.js';
import type { IHttpRequest } from './routing/HttpRequest.js';
import { Router } from './routing/Router.js';
import { sendEmpty, sendJson } from './routing/sendJson.js';

const text = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max));

const CreateDeployment = z
  .strictObject({
    runId: text(100),
    step: text(63),
    artifact: CommonInputShape.artifactName,
    name: CommonInputShape.name,
    target: z.optional(text(63)),
    minReplicas: CommonInputShape.minReplicas,
    maxReplicas: CommonInputShape.maxReplicas,
    canaryTrafficPercent: z.optional(z.int().check(z.gte(0), z.lte(100))),
    image: z.optional(text(512)),
    resources: z.optional(ResourcesSchema)
  })
  .check(
    z.refine(
      d =>
        d.minReplicas === undefined ||
        d.maxReplicas === undefined ||
        d.minReplicas <= d.maxReplicas,
      { message: 'must not be more than maxReplicas', path: ['minReplicas'] }
    )
  );

const ListQuery = z.object({ runId: z.optional(text(100)) });

const PredictQuery = z.object({
  protocol: z._default(z.enum(['v1', 'v2']), 'v1')
});

/** A protocol request is a JSON object; the model server checks the rest. */
const PredictBody = z.record(z.string(), z.unknown());

const param = (req: IHttpRequest, name: string): string =>
  String(req.params[name]);

/** The deployments API, mounted under `/api`. */
export function createDeploymentRoutes(deploys: DeployService): Router {
  const router = new Router();
  router.post('/deployments', async (req, res) => {
    const request = parseRequest(CreateDeployment, req.body);
    sendJson(res, await deploys.create(request), 201);
  });
  router.get('/deployments', (req, res) => {
    sendJson(
      res,
      deploys.list(parseRequest(ListQuery, req.query, 'query').runId)
    );
  });
  router.get('/deployments/:name', (req, res) => {
    sendJson(res, deploys.get(param(req, 'name')));
  });
  router.delete('/deployments/:name', async (req, res) => {
    await deploys.delete(param(req, 'name'));
    sendEmpty(res);
  });
  router.post('/deployments/:name/predict', async (req, res) => {
    const { protocol } = parseRequest(PredictQuery, req.query, 'query');
    const body = parseRequest(PredictBody, req.body);
    sendJson(res, await deploys.predict(param(req, 'name'), protocol, body));
  });
  return router;
}
