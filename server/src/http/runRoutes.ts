import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { Router, type Request, type Response } from 'express';
import { z } from 'zod';

import type { EventBus } from '../events/EventBus.js';
import type { IArtifactStore } from '../store/ArtifactStore.js';
import type { RunService } from '../runs/RunService.js';
import type { IRunStore } from '../store/RunStore.js';
import { NotFoundError } from '../errors.js';
import { followLogs } from './followLogs.js';
import { parseRequest } from './parseRequest.js';
import { nameField, notebookField, parametersField } from './requestFields.js';
import type { IArtifact } from '../contract/wire.js';

const CreateRun = z
  .object({
    notebook: notebookField,
    notebookPath: z.string().min(1).max(4096).optional(),
    name: nameField.optional(),
    pipeline: z.unknown().optional(),
    parameters: parametersField.optional(),
    title: z.string().max(200).optional(),
    target: z.string().min(1).max(63).optional(),
    cache: z.boolean().optional(),
    forceSteps: z.array(z.string()).max(1000).optional()
  })
  .strict();

const Resume = z.object({ notebook: z.unknown().optional() }).strict();

// Not strict: JupyterLab's requests add a cache-busting key to GET queries.
const CompareQuery = z.object({
  ids: z
    .string()
    .transform(s =>
      s
        .split(',')
        .map(id => id.trim())
        .filter(Boolean)
    )
    .pipe(z.array(z.string().max(100)).min(2).max(10))
});
const Rename = z.object({ title: z.string().trim().min(1).max(200) }).strict();

const MoveNotebook = z
  .object({
    from: z.string().min(1).max(4096),
    to: z.string().min(1).max(4096)
  })
  .strict();

const ListQuery = z.object({
  status: z
    .enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])
    .optional(),
  notebook: z.string().optional(),
  /** Words found anywhere in the run; `name=value` matches a parameter. */
  q: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional()
});

const LogQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
  follow: z.enum(['1', 'true', '0', 'false']).optional()
});

export interface IRunRoutesDeps {
  runs: RunService;
  store: IRunStore;
  bus: EventBus;
  artifacts: IArtifactStore;
}

const param = (req: Request, name: string): string => String(req.params[name]);

/** The runs API, mounted under `/api`. */
export function createRunRoutes(deps: IRunRoutesDeps): Router {
  const { runs, store } = deps;
  const router = Router();
  router.post('/runs', async (req, res) => {
    res.status(201).json(await runs.submit(parseRequest(CreateRun, req.body)));
  });
  router.get('/runs', (req, res) => {
    const q = parseRequest(ListQuery, req.query, 'query');
    res.json(
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
    res.json({ moved: runs.moveNotebook(from, to) });
  });
  router.get('/runs/compare', (req, res) => {
    const { ids } = parseRequest(CompareQuery, req.query, 'query');
    res.json(runs.compare(ids));
  });
  router.get('/runs/:id', (req, res) => {
    res.json(runs.get(param(req, 'id')));
  });
  router.patch('/runs/:id', (req, res) => {
    const { title } = parseRequest(Rename, req.body);
    res.json(runs.rename(param(req, 'id'), title));
  });
  router.get('/runs/:id/outputs', (req, res) => {
    res.json(runs.outputs(param(req, 'id')));
  });
  router.get('/runs/:id/sources', (req, res) => {
    res.json(runs.sources(param(req, 'id')));
  });
  router.post('/runs/:id/cancel', (req, res) => {
    res.json(runs.cancel(param(req, 'id')));
  });
  router.post('/runs/:id/resume', async (req, res) => {
    const body = parseRequest(Resume, req.body ?? {});
    res.status(201).json(await runs.resume(param(req, 'id'), body));
  });
  router.delete('/runs/:id', async (req, res) => {
    await runs.delete(param(req, 'id'));
    res.status(204).end();
  });
  router.get('/runs/:id/steps/:step/logs', (req, res) =>
    sendLogs(deps, req, res)
  );
  router.get('/runs/:id/artifacts', (req, res) => {
    runs.get(param(req, 'id'));
    const list: IArtifact[] = store
      .listArtifacts(param(req, 'id'))
      .map(({ path: _path, ...a }) => a);
    res.json(list);
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

function sendLogs(deps: IRunRoutesDeps, req: Request, res: Response): void {
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
  res.json({
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
  res: Response,
  artifacts: IArtifactStore,
  runId: string,
  path: string
): Promise<void> {
  const { body: stream, size } = await artifacts.read(runId, path);
  res.attachment(basename(path));
  res.type('application/octet-stream');
  res.setHeader('Content-Length', String(size));
  res.on('close', () => stream.destroy());
  await pipeline(stream, res).catch(() => res.destroy());
}
