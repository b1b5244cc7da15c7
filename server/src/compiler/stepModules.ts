import type { ICodeCell } from '../notebook/notebookSchema.js';
import type { IPipelineDraft } from '../notebook/readNotebook.js';
import type { AnalysisByCell } from './analysis.js';

/** One import of a top-level module, where the notebook says it. */
export interface IModuleUse {
  module: string;
  cellId: string;
  cellIndex: number;
  line: number;
  /** The prelude's (imports/functions) cells run in every step. */
  prelude: boolean;
}

export interface IStepModules {
  modules: IModuleUse[];
  /** A cell runs `!pip install` or `%pip install`: what is missing now may be there when it runs. */
  installs: boolean;
}

const PIP_INSTALL = /^\s*[!%]\s*(python3?\s+-m\s+)?pip3?\s+install\b/m;

/**
 * What each step imports with its prelude, from the analysis (the
 * pre-flight check looks these up in the step's Python before a run).
 */
export function stepModules(
  draft: IPipelineDraft,
  analysis: AnalysisByCell
): Map<string, IStepModules> {
  const uses = (cells: readonly ICodeCell[], prelude: boolean) =>
    cells.flatMap(cell =>
      (analysis.get(cell.id)?.modules ?? []).map(m => ({
        module: m.name,
        cellId: cell.id,
        cellIndex: cell.index,
        line: m.line,
        prelude
      }))
    );
  const head = uses(draft.prelude, true);
  return new Map(
    draft.steps.map(step => [
      step.name,
      {
        modules: [...head, ...uses(step.cells, false)],
        installs: [...draft.prelude, ...step.cells].some(c =>
          PIP_INSTALL.test(c.source)
        )
      }
    ])
  );
}
