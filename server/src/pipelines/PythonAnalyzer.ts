import {
  AnalysisOutputSchema,
  type CellAnalysis
} from '../compiler/analysis.js';
import { ANALYZE_SCRIPT, AnalysisProcess } from './AnalysisProcess.js';

export { ANALYZE_SCRIPT } from './AnalysisProcess.js';

export type AnalysisOutcome =
  | { ok: true; cells: Map<string, CellAnalysis> }
  | { ok: false; message: string };

export interface IAnalyzer {
  analyze(
    cells: ReadonlyArray<{ id: string; source: string }>,
    signal?: AbortSignal
  ): Promise<AnalysisOutcome>;
}

export interface IPythonAnalyzerOptions {
  /** The interpreter (or its pending resolution); only its stdlib is used. */
  python: string | Promise<string>;
  script?: string;
  timeoutMs?: number;
  /** A process started before the compiler loaded (the CLI's): the first analysis uses it. */
  started?: AnalysisProcess;
}

/**
 * Runs `runtime/analyze.py` once per compile, in a fresh `python -S -E`
 * (AnalysisProcess). Failures are data, not exceptions.
 */
export class PythonAnalyzer implements IAnalyzer {
  private started: AnalysisProcess | undefined;

  constructor(private readonly options: IPythonAnalyzerOptions) {
    this.started = options.started;
  }

  async analyze(
    cells: ReadonlyArray<{ id: string; source: string }>,
    signal?: AbortSignal
  ): Promise<AnalysisOutcome> {
    const { script = ANALYZE_SCRIPT, timeoutMs = 30_000 } = this.options;
    const python = await this.options.python;
    const started = this.started;
    this.started = undefined;
    const process =
      started && !started.used
        ? started
        : new AnalysisProcess(python, script, timeoutMs);
    const exit = await process.analyze(cells, signal);
    if (exit.kind === 'failed') {
      return { ok: false, message: spawnFailure(python, exit.error) };
    }
    if (exit.code !== 0) {
      if (signal?.aborted) {
        return { ok: false, message: 'the analysis was cancelled' };
      }
      const why = exit.signal
        ? `was stopped (${exit.signal})`
        : `exited with ${exit.code}`;
      return {
        ok: false,
        message: `the Python analysis ${why}: ${exit.stderr.trim().slice(-500)}`
      };
    }
    return parseOutput(exit.stdout);
  }
}

function spawnFailure(python: string, e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') {
    return `Python was not found at "${python}": install Python 3 or set CELLPIPE_PYTHON`;
  }
  if (e.name === 'AbortError') {
    return 'the analysis was cancelled';
  }
  return `the Python analysis could not start: ${e.message}`;
}

function parseOutput(text: string): AnalysisOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      message: 'the Python analysis printed something that is not JSON'
    };
  }
  const parsed = AnalysisOutputSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      message: `the Python analysis answered in an unexpected shape: ${parsed.error.issues[0].message}`
    };
  }
  return { ok: true, cells: new Map(parsed.data.cells.map(c => [c.id, c])) };
}
