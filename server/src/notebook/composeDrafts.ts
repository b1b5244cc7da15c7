import type { IProblem } from '../contract/wire.js';
import type { StepProperties } from '../spec/pipelineSchema.js';
import { warning, type Problem } from '../spec/problems.js';
import type { ICodeCell } from './notebookSchema.js';
import type {
  IDraftStep,
  INotebookReference,
  IPipelineDraft
} from './readNotebook.js';

/** A `notebook:` reference with the draft of the notebook it names (already composed itself). */
export interface IResolvedReference {
  reference: INotebookReference;
  /** The referenced notebook's path as the pipeline shows it (relative to the composing one). */
  label: string;
  draft: IPipelineDraft;
}

/**
 * Kale's composition (and Cellpipe's multi-notebook pipeline): each
 * `notebook:` cell is replaced by the steps of the notebook it names, in
 * reading order, as if that notebook's cells stood there. The pipeline then
 * computes what one kernel computes running the referenced notebooks and the
 * composing notebook's own steps top to bottom; data flows across notebooks
 * like across steps. Pure: the shell reads the files.
 */
export function composeDrafts(
  main: IPipelineDraft,
  resolved: readonly IResolvedReference[]
): IPipelineDraft {
  const taken = new Set(main.steps.map(s => s.name));
  const problems = [...main.problems];
  // A notebook-level remark the composing notebook already carries (Kale's
  // experiment_name, say) is not repeated for every notebook it composes.
  const said = new Set(
    main.problems
      .filter(p => p.cellId === undefined)
      .map(p => `${p.kind}\u0000${p.message}`)
  );
  const parts = resolved.map(r => {
    const renames = stepRenames(r, taken);
    problems.push(...renameProblems(r, renames), ...repointed(r, said));
    return { ...r, steps: r.draft.steps.map(s => placedStep(r, s, renames)) };
  });
  return {
    cells: interleave(
      main.cells,
      parts.map(p => ({ at: p.reference.cell.id, items: cellsOf(p) }))
    ),
    steps: insertSteps(main.steps, parts),
    prelude: [
      ...main.prelude,
      ...parts.flatMap(p => p.draft.prelude.map(c => moved(p, c)))
    ],
    parameterCells: [
      ...main.parameterCells,
      ...parts.flatMap(p => p.draft.parameterCells.map(c => moved(p, c)))
    ],
    metricCells: [
      ...main.metricCells,
      ...parts.flatMap(p => p.draft.metricCells.map(c => moved(p, c)))
    ],
    metadata: main.metadata,
    references: [],
    problems
  };
}

/**
 * A referenced cell keeps its index, its id qualified by its notebook, and
 * the composing notebook's cell that brought it in (where its problems show).
 */
function moved(part: IResolvedReference, cell: ICodeCell): ICodeCell {
  const notebook = cell.notebook
    ? joinLabel(part.label, cell.notebook)
    : part.label;
  const via = { id: part.reference.cell.id, index: part.reference.cell.index };
  return { ...cell, id: `${part.label}#${cell.id}`, notebook, via };
}

/** `sub/b.ipynb` then `c.ipynb` -> `sub/c.ipynb`: labels are relative to the composing notebook. */
function joinLabel(outer: string, inner: string): string {
  const slash = outer.lastIndexOf('/');
  return slash < 0 ? inner : `${outer.slice(0, slash + 1)}${inner}`;
}

function cellsOf(part: IResolvedReference): ICodeCell[] {
  return part.draft.cells.map(c => moved(part, c));
}

/** Names already used by the composing notebook or an earlier reference get the notebook's name in front. */
function stepRenames(
  part: IResolvedReference,
  taken: Set<string>
): Map<string, string> {
  const renames = new Map<string, string>();
  const prefix = part.reference.name.replace(/[^A-Za-z0-9_-]/g, '_');
  for (const step of part.draft.steps) {
    let name = step.name;
    for (let n = 2; taken.has(name); n++) {
      name = n === 2 ? `${prefix}_${step.name}` : `${prefix}_${step.name}_${n}`;
    }
    taken.add(name);
    if (name !== step.name) {
      renames.set(step.name, name);
    }
  }
  return renames;
}

/** The step as it stands in the composed pipeline: renamed, with its notebook's own settings folded in. */
function placedStep(
  part: IResolvedReference,
  step: IDraftStep,
  renames: Map<string, string>
): IDraftStep {
  const meta = part.draft.metadata;
  const rename = (n: string) => renames.get(n) ?? n;
  const extraAfter = (meta.edges ?? [])
    .filter(e => e.to === step.name)
    .map(e => e.from);
  const tagProperties: StepProperties = {
    ...meta.defaults,
    ...step.tagProperties,
    ...meta.steps?.[step.name]
  };
  return {
    name: rename(step.name),
    cells: step.cells.map(c => moved(part, c)),
    after: [...new Set([...step.after, ...extraAfter])].map(rename),
    tagProperties
  };
}

/** The composing notebook's steps, with each reference's steps where its cell stands. */
function insertSteps(
  own: IDraftStep[],
  parts: ReadonlyArray<{ reference: INotebookReference; steps: IDraftStep[] }>
): IDraftStep[] {
  const steps: IDraftStep[] = [];
  let next = 0;
  for (const part of parts) {
    steps.push(...own.slice(next, part.reference.stepsBefore));
    next = Math.max(next, part.reference.stepsBefore);
    steps.push(...part.steps);
  }
  steps.push(...own.slice(next));
  return steps;
}

function interleave(
  cells: ICodeCell[],
  inserts: ReadonlyArray<{ at: string; items: ICodeCell[] }>
): ICodeCell[] {
  const byCell = new Map<string, ICodeCell[]>();
  for (const insert of inserts) {
    byCell.set(insert.at, [...(byCell.get(insert.at) ?? []), ...insert.items]);
  }
  return cells.flatMap(c => [c, ...(byCell.get(c.id) ?? [])]);
}

function placeOf(reference: INotebookReference) {
  const cell = reference.cell;
  return {
    path: `cells.${cell.index}`,
    cellId: cell.id,
    cellIndex: cell.index
  };
}

function renameProblems(
  part: IResolvedReference,
  renames: Map<string, string>
): Problem[] {
  return [...renames].map(([from, to]) =>
    warning(
      'renamed-step',
      `step "${from}" of ${part.label} is called "${to}" in this pipeline: an earlier step already has its name`,
      { ...placeOf(part.reference), step: to }
    )
  );
}

/**
 * A problem inside a referenced notebook is shown on the cell that
 * references it (the composing notebook is the one open), saying where.
 */
function repointed(
  part: IResolvedReference,
  said: ReadonlySet<string>
): Problem[] {
  const fresh = part.draft.problems.filter(
    p => p.cellId !== undefined || !said.has(`${p.kind}\u0000${p.message}`)
  );
  return fresh.map(p => ({
    ...p,
    ...placeOf(part.reference),
    message: `in ${part.label}${p.cellIndex !== undefined ? `, cell ${p.cellIndex + 1}` : ''}: ${p.message}`
  }));
}

/** Problems the compiler finds on referenced cells, re-pointed the same way. */
export function repointCellProblems<P extends IProblem>(
  problems: readonly P[],
  cells: readonly ICodeCell[]
): P[] {
  const byId = new Map(cells.map(c => [c.id, c]));
  return problems.map(p => {
    const cell = p.cellId !== undefined ? byId.get(p.cellId) : undefined;
    if (!cell?.notebook || !cell.via) {
      return p;
    }
    return {
      ...p,
      path: `cells.${cell.via.index}`,
      cellId: cell.via.id,
      cellIndex: cell.via.index,
      message: `in ${cell.notebook}, cell ${cell.index + 1}: ${p.message}`
    };
  });
}
