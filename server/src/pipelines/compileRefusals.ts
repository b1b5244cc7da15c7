import type { ICompiled } from '../compiler/compile.js';
import type { IProblem } from '../contract/wire.js';
import type { ICompileInput } from './CompileService.js';
import { nameFromPath } from './pipelineName.js';

/** Steps per pipeline: the 50,000 compile (about 8 s alone, in a worker), more is refused. */
export const MAX_STEPS = 50_000;

/** The compiled pipeline, or a refusal when it has more than `maxSteps` steps. */
export function limitSteps(
  compiled: ICompiled,
  input: Omit<ICompileInput, 'signal'>,
  maxSteps: number
): ICompiled {
  const steps = compiled.result.steps.length;
  if (steps <= maxSteps) {
    return compiled;
  }
  return refused(input, compiled.result.name, {
    kind: 'too-many-steps',
    severity: 'error',
    path: 'cells',
    message: `the pipeline has ${steps} steps; at most ${maxSteps} are allowed (merge cells into fewer steps)`
  });
}

/** A compile stopped by its time or memory budget. */
export function overBudget(
  input: Omit<ICompileInput, 'signal'>,
  why: string
): ICompiled {
  return refused(input, undefined, {
    kind: 'compile-budget',
    severity: 'error',
    path: 'notebook',
    message: `${why}: the notebook is too large to compile here (split it into smaller pipelines)`
  });
}

/** A result that cannot run: no steps, one problem saying why. */
function refused(
  input: Omit<ICompileInput, 'signal'>,
  name: string | undefined,
  problem: IProblem
): ICompiled {
  return {
    result: {
      name: name ?? input.name ?? nameFromPath(input.notebookPath),
      ok: false,
      steps: [],
      edges: [],
      order: [],
      prelude: [],
      parameters: [],
      metrics: [],
      layout: {},
      problems: [problem]
    },
    programs: new Map()
  };
}
