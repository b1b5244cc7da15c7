import type { IStepProperties } from '../contract/wire.js';
import type { IStepModules } from '../compiler/stepModules.js';
import { error, warning, type Problem } from '../spec/problems.js';
import { distributionOf, providedBy } from './moduleNames.js';

/** What one environment answered for one step's modules and packages. */
export type StepAnswer =
  | {
      /** `/usr/bin/python3`, `image python:3.11-slim`. */
      where: string;
      missing: readonly string[];
      missingPackages: readonly string[];
    }
  /** The check did not answer (a Job that never ran): a warning, never a refusal. */
  | { where: string; unchecked: string };

export interface IStepCheck {
  name: string;
  properties: IStepProperties;
  modules: IStepModules;
}

export interface IProblemOptions {
  /** What fixes a missing distribution there: `pip install scikit-learn, or choose another Python`. */
  fix(distribution: string): string;
  /** True when `packages` are installed before the program (Kubernetes), so they count as present. */
  installsPackages: boolean;
}

/**
 * The pre-flight's problems: a missing module is an error on the cell that
 * imports it (a warning when the step pip-installs at run time or names
 * packages that may bring it), a missing package an error on the step.
 */
export function importProblems(
  steps: readonly IStepCheck[],
  answers: ReadonlyMap<string, StepAnswer>,
  options: IProblemOptions
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const step of steps) {
    const answer = answers.get(step.name);
    if (!answer) {
      continue;
    }
    if ('unchecked' in answer) {
      const key = `unchecked ${answer.where}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(
          warning(
            'imports-unchecked',
            `could not check imports in ${answer.where}: ${answer.unchecked}`,
            { path: `steps.${step.name}`, step: step.name }
          )
        );
      }
      continue;
    }
    problems.push(...moduleProblems(step, answer, options, seen));
    problems.push(...packageProblems(step, answer, options));
  }
  return problems;
}

function moduleProblems(
  step: IStepCheck,
  answer: { where: string; missing: readonly string[] },
  options: IProblemOptions,
  seen: Set<string>
): Problem[] {
  const missing = new Set(answer.missing);
  const packages = step.properties.packages ?? [];
  const problems: Problem[] = [];
  for (const use of step.modules.modules) {
    // A prelude cell is reported once, not once per step.
    const key = `${use.cellId} ${use.module} ${answer.where}`;
    if (!missing.has(use.module) || seen.has(key)) {
      continue;
    }
    seen.add(key);
    const later =
      step.modules.installs ||
      (options.installsPackages && packages.length > 0);
    if (options.installsPackages && providedBy(use.module, packages)) {
      continue;
    }
    const who = use.prelude
      ? 'the imports cell (run by every step)'
      : `step ${step.name}`;
    const message =
      `${who} imports ${use.module}, which ${answer.where} does not have: ` +
      options.fix(distributionOf(use.module)) +
      (later ? ' (unless the step installs it as it runs)' : '');
    const make = later ? warning : error;
    problems.push(
      make('missing-module', message, {
        path: `cells.${use.cellIndex}`,
        step: step.name,
        cellId: use.cellId,
        cellIndex: use.cellIndex,
        line: use.line
      })
    );
  }
  return problems;
}

function packageProblems(
  step: IStepCheck,
  answer: { where: string; missingPackages: readonly string[] },
  options: IProblemOptions
): Problem[] {
  if (options.installsPackages) {
    return [];
  }
  return answer.missingPackages.map(p =>
    error(
      'missing-package',
      `step ${step.name} needs package ${p} (its packages), which ${answer.where} does not have: ` +
        `pip install "${p}" into it, or choose another Python (Cellpipe installs packages only into Kubernetes pods, never into your environment)`,
      { path: `steps.${step.name}.packages`, step: step.name }
    )
  );
}
