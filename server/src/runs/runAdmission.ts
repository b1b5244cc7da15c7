import { ValidationError } from '../errors.js';
import type { ICreateRunRequest } from '../contract/wire.js';
import type { IExecutor } from '../executors/Executor.js';
import type { CompileService } from '../pipelines/CompileService.js';
import type { ImportPreflight } from '../preflight/ImportPreflight.js';
import { withPipelineOverride } from '../notebook/pipelineOverride.js';
import type { IRunServiceDeps } from './RunService.js';

type Compiled = Awaited<ReturnType<CompileService['compile']>>;

/**
 * The executor a run goes to, once everything it needs answers: this server
 * drives runs (leader lease), the target is available, a bucket is usable
 * (and reachable from pods when steps run in pods), the cluster accepts the
 * run. Each refusal says what to do, before anything is recorded.
 */
export async function admitRun(
  deps: IRunServiceDeps,
  target: string
): Promise<IExecutor> {
  deps.assertLeading?.();
  const executor = deps.executors.get(target);
  if (!executor || !executor.info().available) {
    const known = [...deps.executors.keys()].join(', ');
    throw new ValidationError(
      `target "${target}" is not available (targets: ${known})${executor ? `: ${executor.info().reason}` : ''}`
    );
  }
  const unreachable = executor.podSteps
    ? deps.artifacts.podReachProblem?.()
    : null;
  if (unreachable) {
    throw new ValidationError(`target "${target}": ${unreachable}`);
  }
  // A bucket or a cluster that cannot be used refuses the run now, not a step later.
  await deps.artifacts.check?.();
  await executor.preflight?.({
    bucket: deps.artifacts.stepAccess !== undefined
  });
  return executor;
}

/** The run's pipeline compiled, refused when it has errors, names unknown steps, or imports what its environment lacks. */
export async function compileForRun(
  deps: IRunServiceDeps,
  request: ICreateRunRequest,
  target: string,
  cwd: string
): Promise<Compiled> {
  const compiled = await deps.compiler.compile({
    notebook: withPipelineOverride(request.notebook, request.pipeline),
    name: request.name,
    notebookPath: request.notebookPath,
    parameters: request.parameters
  });
  const { result } = compiled;
  if (!result.ok) {
    throw new ValidationError(
      'the pipeline has errors',
      result.problems.filter(p => p.severity === 'error')
    );
  }
  const unknown = (request.forceSteps ?? []).filter(
    s => !result.steps.some(x => x.name === s)
  );
  if (unknown.length > 0) {
    throw new ValidationError(
      `forceSteps names unknown steps: ${unknown.join(', ')}`
    );
  }
  await checkImports(deps, target, compiled, cwd);
  return compiled;
}

/** Refuses the run before anything runs when a step imports what its environment lacks. */
async function checkImports(
  deps: IRunServiceDeps,
  target: string,
  compiled: Parameters<ImportPreflight['check']>[1],
  cwd: string
): Promise<void> {
  const problems = (await deps.preflight?.check(target, compiled, cwd)) ?? [];
  for (const p of problems.filter(p => p.severity !== 'error')) {
    deps.logger.warn(p.message);
  }
  const errors = problems.filter(p => p.severity === 'error');
  if (errors.length > 0) {
    throw new ValidationError(
      `the steps' environment lacks what they import: ${errors[0].message}`,
      errors
    );
  }
}
