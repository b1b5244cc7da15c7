import type { IDraftStep, IPipelineDraft } from '../notebook/readNotebook.js';
import type { IGraphEdge } from '../spec/graph.js';
import { warning, type Problem } from '../spec/problems.js';
import type { AnalysisByCell } from './analysis.js';

/**
 * The hidden value that carries the global generators of `random` and numpy
 * from step to step (the harness restores it after the prelude and saves it
 * at the end): a seeded notebook draws in a pipeline what it draws in one
 * kernel. The name cannot clash with a notebook's own (docs/fidelity.md).
 */
export const RANDOM_STATE = '__cellpipe_random_state__';

export interface IRandomChain {
  /** Index of the first step (notebook order) that takes part; undefined: none. */
  start?: number;
  problems: Problem[];
}

/**
 * Where the chain of random state starts: at the first step when the
 * prelude or a parameter cell seeds, else at the first step that seeds.
 * Every step from there on runs after the one before it in notebook order,
 * the price of equal draws; unseeded notebooks keep their parallel branches.
 */
export function randomChain(
  draft: IPipelineDraft,
  analysis: AnalysisByCell,
  explicit: readonly IGraphEdge[]
): IRandomChain {
  const seeds = (ids: string[]) => ids.some(id => analysis.get(id)?.seeds);
  const problems = otherGenerators(draft, analysis);
  const ids = (s: IDraftStep) => s.cells.map(c => c.id);
  const globalSeed = seeds(
    [...draft.prelude, ...draft.parameterCells].map(c => c.id)
  );
  const start = globalSeed ? 0 : draft.steps.findIndex(s => seeds(ids(s)));
  if (start < 0 || start >= draft.steps.length - 1) {
    return { problems };
  }
  const against = backwardEdge(draft.steps, start, explicit);
  if (against) {
    problems.push(
      warning(
        'random-state',
        `the notebook seeds its random generators, but an explicit edge runs "${against.from}" before "${against.to}", against the notebook's order: the generators' state is not carried between steps, so later steps may draw other numbers than the notebook does`,
        { path: 'edges', step: against.to }
      )
    );
    return { problems };
  }
  return { start, problems };
}

function backwardEdge(
  steps: readonly IDraftStep[],
  start: number,
  explicit: readonly IGraphEdge[]
): IGraphEdge | undefined {
  const at = new Map(steps.map((s, i) => [s.name, i]));
  return explicit.find(e => {
    const from = at.get(e.from);
    const to = at.get(e.to);
    return from !== undefined && to !== undefined && to >= start && from > to;
  });
}

/** `torch.manual_seed` and the like: their state is not carried; said on the cell. */
function otherGenerators(
  draft: IPipelineDraft,
  analysis: AnalysisByCell
): Problem[] {
  const cells = [
    ...draft.prelude,
    ...draft.parameterCells,
    ...draft.steps.flatMap(s => s.cells)
  ];
  return cells.flatMap(cell =>
    (analysis.get(cell.id)?.other_seeds ?? []).map(call =>
      warning(
        'random-state',
        `${call}() seeds a generator whose state Cellpipe does not carry from step to step (only random's and numpy's): a later step draws other numbers than the notebook does; seed again in each step that draws`,
        { path: `cells.${cell.index}`, cellId: cell.id, cellIndex: cell.index }
      )
    )
  );
}
