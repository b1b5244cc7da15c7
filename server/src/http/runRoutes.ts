import type { ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { create as contentDisposition } from 'content-disposition';

import type { EventBus } from '../events/EventBus.js';
import type { IArtifactStore } from '../store/ArtifactStore.js';
import type { RunService } from '../runs/RunService.js';
import type { IRunStore } from '../store/RunStore.js';
import { NotFoundError } from '../errors.js';
import * as z from '../spec/zodMini.js';
import { followLogs } from './followLogs.js';
import { parseRequest } from './parseRequest.js';
import { nameField, notebookField, parametersField } from './requestFields.js';
import type { IArtifact } from '../contract/wire.js';
import type { IHttpRequest } from './routing/HttpRequest.js';
import { Router } from './routing/Router.js';
import { sendEmpty, sendJson } from './routing/sendJson.js';

const text = (min: number, max: number) =>
  z.string().check(z.minLength(min), z.maxLength(max));
// Query values are strings: numbers are coerced, as classic zod's z.coerce.
const count = (min: number, max?: number) =>
  z.optional(
    z.coerce
      .number()
      .check(z.int(), z.gte(min), ...(max === undefined ? [] : [z.lte(max)]))
  );

const CreateRun = z.strictObject({
  notebook: notebookField,
  notebookPath: z.optional(text(1, 4096)),
  name: z.optional(nameField),
  pipeline: z.optional(z.unknown()),
  parameters: z.optional(parametersField),
  title: z.optional(z.string().check(z.maxLength(200))),
  target: z.optional(text(1, 63)),
  cache: z.optional(z.boolean()),
  forceSteps: z.optional(z.array(z.string()).check(z.maxLength(1000)))
});

const Resume = z.strictObject({ notebook: z.optional(z.unknown()) });

// Not strict: JupyterLab's requests add a cache-busting key to GET queries.
const CompareQuery = z.object({
  ids: z.pipe(
    z.pipe(
      z.string(),
      z.transform(s =>
        s
          .split(',')
          .map(id => id.trim())
          .filter(Boolean)
      )
    ),
    z
      .array(z.string().check(z.maxLength(100)))
      .check(z.minLength(2), z.maxLength(10))
  )
});
const Rename = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200))
});

const MoveNotebook = z.strictObject({
  from: text(1, 4096),
  to: text(1, 4096)
});

const ListQuery = z.object({
  status: z.optional(
    z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])
  ),
  notebook: z.optional(z.string()),
  /** Words found anywhere in the run; `name=value` matches a parameter. */
  q: z.optional(z.string().check(z.maxLength(500))),
  limit: count(1, 500),
  offset: count(0)
});

const LogQuery = z.object({
  after: count(0),
  limit: count(1, 100_000),
  follow: z.optional(z.enum(['1', 'true', '0', 'false']))
});

export interface IRunRoutesDeps {
  runs: RunService;
  store: IRunStore;
  bus: EventBus;
  artifacts: IArtifactStore;
}

const param = (req: IHttpRequest, name: string): string =>
  String(req.params[name]);

/** The runs API, mounted under `/api`. */
export function createRunRoutes(deps: IRunRoutesDeps): Router {
  const { runs, store } = deps;
  const router = new Router();
  router.post('/runs', async (req, res) => {
    sendJson(res, await runs.submit(parseRequest(CreateRun, req.body)), 201);
  });
  router.get('/runs', (req, res) => {
    const q = parseRequest(ListQuery, req.query, 'query');
    sendJson(
      res,
      store.listRuns({
        status: q.status,
        notebookPath: q.notebook,
        text: q.q,
        limit: q.limit,
        offset: q.offset
      })
    );
  });
  router.post('/runs/move-notebook', (req, res) => {
    const { from, to } = parseRequest(MoveNotebook, req.body);
    sendJson(res, { moved: runs.moveNotebook(from, to) });
  });
  router.get('/runs/compare', (req, res) => {
    const { ids } = parseRequest(CompareQuery, req.query, 'query');
    sendJson(res, runs.compare(ids));
  });
  router.get('/runs/:id', (req, res) => {
    sendJson(res, runs.get(param(req, 'id')));
  });
  router.patch('/runs/:id', (req, res) => {
    const { title } = parseRequest(Rename, req.body);
    sendJson(res, runs.rename(param(req, 'id'), title));
  });
  router.get('/runs/:id/outputs', (req, res) => {
    sendJson(res, runs.outputs(param(req, 'id')));
  });
  router.get('/runs/:id/sources', (req, res) => {
    sendJson(res, runs.sources(param(req, 'id')));
  });
  router.post('/runs/:id/cancel', (req, res) => {
    sendJson(res, runs.cancel(param(req, 'id')));
  });
  router.post('/runs/:id/resume', async (req, res) => {
    const body = parseRequest(Resume, req.body ?? {});
    sendJson(res, await runs.resume(param(req, 'id'), body), 201);
  });
  router.delete('/runs/:id', async (req, res) => {
    await runs.delete(param(req, 'id'));
    sendEmpty(res);
  });
  router.get('/runs/:id/steps/:step/logs', (req, res) =>
    sendLogs(deps, req, res)
  );
  router.get('/runs/:id/artifacts', (req, res) => {
    runs.get(param(req, 'id'));
    const list: IArtifact[] = store
      .listArtifacts(param(req, 'id'))
      .map(({ path: _path, ...a }) => a);
    sendJson(res, list);
  });
  router.get('/runs/:id/artifacts/:step/:name', async (req, res) => {
    const artifact = store.getArtifact(
      param(req, 'id'),
      param(req, 'step'),
      param(req, 'name')
    );
    if (!artifact) {
      throw new NotFoundError(
        `no artifact "${param(req, 'name')}" of step "${param(req, 'step')}" in run "${param(req, 'id')}"`
      );
    }
    // The path comes from the store, never from the URL; still, what is
    // there now must be a plain file in this run's folder (steps wrote it).
    await sendFile(res, deps.artifacts, param(req, 'id'), artifact.path);
  });
  return router;
}

function sendLogs(
  deps: IRunRoutesDeps,
  req: IHttpRequest,
  res: ServerResponse
): void {
  const run = deps.runs.get(param(req, 'id'));
  const step = run.steps.find(s => s.name === param(req, 'step'));
  if (!step) {
    throw new NotFoundError(
      `run ${run.id} has no step "${param(req, 'step')}"`
    );
  }
  const q = parseRequest(LogQuery, req.query, 'query');
  if (q.follow === '1' || q.follow === 'true') {
    followLogs(deps, run.id, step.name, q.after ?? 0, res);
    return;
  }
  sendJson(res, {
    lines: deps.store.getLogs(
      run.id,
      step.name,
      q.after ?? 0,
      q.limit ?? 10_000
    ),
    status: step.status
  });
}

async function sendFile(
  res: ServerResponse,
  artifacts: IArtifactStore,
  runId: string,
  path: string
): Promise<void> {
  const { body: stream, size } = await artifacts.read(runId, path);
  res.setHeader('Content-Disposition', contentDisposition(basename(path)));
  res.setHeader('Content-Type', 'application/octet-stream');
  res.setHeader('Content-Length', String(size));
  res.on('close', () => stream.destroy());
  await pipeline(stream, res).catch(() => res.destroy());
}
