import type { ICodeCell } from '../notebook/notebookSchema.js';
import type { IPipelineDraft } from '../notebook/readNotebook.js';
import { error, warning, type Problem } from '../spec/problems.js';
import { kubernetesNameClashes, stepNameProblem } from '../spec/stepName.js';
import type { AnalysisByCell } from './analysis.js';

/** Which step (or role) each pipeline cell belongs to, for messages. */
function owners(draft: IPipelineDraft): Map<string, string | undefined> {
  const owner = new Map<string, string | undefined>();
  for (const step of draft.steps) {
    step.cells.forEach(c => owner.set(c.id, step.name));
  }
  for (const c of [
    ...draft.prelude,
    ...draft.parameterCells,
    ...draft.metricCells
  ]) {
    owner.set(c.id, undefined);
  }
  return owner;
}

/** A syntax error in any cell that is part of the pipeline, with step, cell and line. */
export function syntaxProblems(
  draft: IPipelineDraft,
  analysis: AnalysisByCell
): Problem[] {
  const owner = owners(draft);
  const problems: Problem[] = [];
  const cells: ICodeCell[] = draft.cells.filter(c => owner.has(c.id));
  for (const cell of cells) {
    const err = analysis.get(cell.id)?.error;
    if (!err) {
      continue;
    }
    const step = owner.get(cell.id);
    const where = `cell ${cell.index + 1}${err.line !== null ? `, line ${err.line}` : ''}`;
    problems.push(
      error(
        'syntax-error',
        `${step ? `step "${step}", ` : ''}${where}: ${err.message}`,
        {
          path: `cells.${cell.index}`,
          step,
          cellId: cell.id,
          cellIndex: cell.index,
          line: err.line ?? undefined
        }
      )
    );
  }
  return problems;
}

/** Names, emptiness and references between steps. */
export function stepProblems(draft: IPipelineDraft): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(draft.steps.map(s => s.name));
  for (const step of draft.steps) {
    const first = step.cells[0];
    const place = {
      path: `steps.${step.name}`,
      step: step.name,
      cellId: first?.id,
      cellIndex: first?.index
    };
    const nameProblem = stepNameProblem(step.name);
    if (nameProblem) {
      problems.push(error('invalid-step-name', nameProblem, place));
    }
    if (step.cells.every(c => c.source.trim().length === 0)) {
      problems.push(
        error('empty-step', `step "${step.name}" has no code`, place)
      );
    }
    for (const name of step.after.filter(a => !known.has(a))) {
      problems.push(
        error(
          'unknown-step',
          `step "${step.name}" runs after "${name}", but no step has that name`,
          { ...place, path: `steps.${step.name}.after` }
        )
      );
    }
  }
  problems.push(...kubernetesNameProblems(draft));
  for (const name of Object.keys(draft.metadata.steps ?? {}).filter(
    n => !known.has(n)
  )) {
    problems.push(
      warning(
        'unknown-step',
        `the notebook has properties for step "${name}", but no cell names that step`,
        { path: `metadata.cellpipe.pipeline.steps.${name}` }
      )
    );
  }
  (draft.metadata.edges ?? []).forEach((edge, i) => {
    for (const end of [edge.from, edge.to].filter(n => !known.has(n))) {
      problems.push(
        error(
          'unknown-step',
          `edge ${edge.from} → ${edge.to} names "${end}", but no step has that name`,
          { path: `metadata.cellpipe.pipeline.edges.${i}` }
        )
      );
    }
  });
  return problems;
}

/** Two step names that give one Kubernetes name (`load_data`, `load-data`) would share a Job. */
function kubernetesNameProblems(draft: IPipelineDraft): Problem[] {
  const valid = draft.steps.filter(s => stepNameProblem(s.name) === null);
  return [...kubernetesNameClashes(valid.map(s => s.name))].map(
    ([kube, names]) => {
      const step = valid.find(s => s.name === names[names.length - 1])!;
      return error(
        'invalid-step-name',
        `steps ${names.map(n => `"${n}"`).join(' and ')} both have the Kubernetes name "${kube}" (a "_" becomes "-"): rename one of them`,
        {
          path: `steps.${step.name}`,
          step: step.name,
          cellId: step.cells[0]?.id,
          cellIndex: step.cells[0]?.index
        }
      );
    }
  );
}
