/**
 * The compile worker thread (pipelines/CompileWorker.ts starts it): builds
 * the compile service with the factory app.ts uses and answers one compile
 * message at a time. Runs off the server's event loop, so its CPU time and
 * memory are the worker's budget, not the server's.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { createCompileService } from './compileWiring.js';
import { CellpipeError } from './errors.js';
import { parseCompileBody } from './http/compileRequest.js';
import { limitSteps } from './pipelines/compileRefusals.js';
import type { IJobMessage, JobAnswer } from './pipelines/CompileWorker.js';

const port = parentPort;
if (!port) {
  throw new Error('compileWorkerMain runs only as a worker thread');
}
const args = (
  workerData as { serviceArgs: Parameters<typeof createCompileService> }
).serviceArgs;
const service = createCompileService(...args);

port.on('message', (job: IJobMessage) => {
  compileJob(job).then(
    answer => port.postMessage(answer),
    (err: unknown) =>
      port.postMessage({
        id: job.id,
        ok: false,
        error: describe(err)
      } satisfies JobAnswer)
  );
});

async function compileJob(job: IJobMessage): Promise<JobAnswer> {
  // A large request body arrives as bytes: parsed here, off the server's loop.
  const input =
    'raw' in job.input ? parseCompileBody(job.input.raw) : job.input;
  const compiled = await service.compile(input);
  const limited = limitSteps(compiled, input, job.maxSteps);
  return job.answer === 'json'
    ? { id: job.id, ok: true, json: JSON.stringify(limited.result) }
    : { id: job.id, ok: true, compiled: limited };
}

function describe(err: unknown): Extract<JobAnswer, { ok: false }>['error'] {
  if (err instanceof CellpipeError) {
    const problems = 'problems' in err ? err.problems : undefined;
    return {
      message: err.message,
      kind: err.kind,
      ...(Array.isArray(problems) ? { problems } : {})
    };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}
