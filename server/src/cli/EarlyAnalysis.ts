import { AnalysisProcess } from '../pipelines/AnalysisProcess.js';
import { resolvePython } from '../pipelines/pythonExecutable.js';

/** Commands whose first real work is the notebook's analysis. */
const ANALYSING = new Set(['compile', 'run']);
const HELP = new Set(['--help', '-h']);

export interface IStartedAnalysis {
  python: string;
  analysis: AnalysisProcess;
}

/**
 * The analysis process of `compile` and `run`, started by the entry before
 * the CLI loads: Python's start and `analyze.py`'s imports (~35 ms) then
 * overlap Node's loading of the CLI and the compiler instead of following
 * it (docs/engine.md, "What loads lazily"). The command takes it; one
 * nobody took (a usage error, `--help`) is ended by `stop()`.
 */
export class EarlyAnalysis {
  private started: Promise<IStartedAnalysis> | undefined;

  /** Starts at once when `argv` (as `process.argv`) is a command that analyses. */
  constructor(
    argv: string[] = [],
    private readonly env: NodeJS.ProcessEnv = process.env
  ) {
    const args = argv.slice(2);
    if (ANALYSING.has(args[0]) && !args.some(a => HELP.has(a))) {
      this.started = this.start();
    }
  }

  /** The started process (or a new one): each process analyses one notebook. */
  take(): Promise<IStartedAnalysis> {
    const started = this.started ?? this.start();
    this.started = undefined;
    return started;
  }

  /** Ends a process no command took. */
  stop(): void {
    void this.started?.then(s => s.analysis.discard());
    this.started = undefined;
  }

  private async start(): Promise<IStartedAnalysis> {
    const python = await resolvePython(this.env);
    return { python, analysis: new AnalysisProcess(python) };
  }
}
