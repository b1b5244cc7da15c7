import { compilePipeline, type ICompiled } from '../compiler/compile.js';
import { repointCellProblems } from '../notebook/composeDrafts.js';
import { readNotebook } from '../notebook/readNotebook.js';
import { error } from '../spec/problems.js';
import { composeReferences } from './composeReferences.js';
import type { INotebookSource } from './NotebookFiles.js';
import { nameFromPath } from './pipelineName.js';
import type { IAnalyzer } from './PythonAnalyzer.js';

export interface ICompileInput {
  notebook: unknown;
  /** The pipeline's name; without it, the notebook's own (Kale's pipeline_name too), else from `notebookPath`. */
  name?: string;
  notebookPath?: string;
  parameters?: Record<string, unknown>;
  signal?: AbortSignal;
}

/**
 * Notebook JSON -> compiled pipeline. The shell around the pure compiler:
 * it reads the notebooks a composition references, runs the Python analysis
 * and supplies the harness source.
 */
export class CompileService {
  constructor(
    private readonly analyzer: IAnalyzer,
    private readonly harness: string,
    /** Without it, a `notebook:` reference is an error saying so. */
    private readonly notebooks?: INotebookSource
  ) {}

  async compile(input: ICompileInput): Promise<ICompiled> {
    const draft = await composeReferences(
      readNotebook(input.notebook),
      input.notebookPath,
      this.notebooks
    );
    const name =
      input.name ?? draft.metadata.name ?? nameFromPath(input.notebookPath);
    const analysis = await this.analyzer.analyze(draft.cells, input.signal);
    if (!analysis.ok) {
      draft.problems.push(
        error('analysis-failed', analysis.message, { path: 'cells' })
      );
    }
    const compiled = compilePipeline(
      draft,
      analysis.ok ? analysis.cells : new Map(),
      { name, harness: this.harness, overrides: input.parameters }
    );
    compiled.result.problems = repointCellProblems(
      compiled.result.problems,
      draft.cells
    );
    return compiled;
  }
}
