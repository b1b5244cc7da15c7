import type { ICompiled } from '../compiler/compile.js';
import type { Problem } from '../spec/problems.js';
import {
  importProblems,
  type IProblemOptions,
  type IStepCheck,
  type StepAnswer
} from './importProblems.js';

/** Looks a run's modules up where its steps will run (LocalImportCheck, …). */
export interface IImportChecker extends IProblemOptions {
  check(
    steps: readonly IStepCheck[],
    cwd: string
  ): Promise<ReadonlyMap<string, StepAnswer>>;
}

/**
 * The pre-flight check of imports before a run (RunService.submit): the
 * target's checker answers for every step; missing modules become
 * problems on their cells. A target without a checker is not checked.
 */
export class ImportPreflight {
  constructor(private readonly checkers: ReadonlyMap<string, IImportChecker>) {}

  async check(
    target: string,
    compiled: Pick<ICompiled, 'result' | 'modules'>,
    cwd: string
  ): Promise<Problem[]> {
    const checker = this.checkers.get(target);
    if (!checker || !compiled.modules) {
      return [];
    }
    const steps: IStepCheck[] = compiled.result.steps.map(s => ({
      name: s.name,
      properties: s.properties,
      modules: compiled.modules!.get(s.name) ?? { modules: [], installs: false }
    }));
    const answers = await checker.check(steps, cwd);
    return importProblems(steps, answers, checker);
  }
}
