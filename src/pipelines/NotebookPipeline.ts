import type { NotebookPanel } from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';

import {
  ApiError,
  type ICellpipe,
  type ICompileResult,
  type IProblem
} from '../tokens';
import { RunModel } from './RunModel';

/** How long edits settle before the pipeline is compiled again. */
export const COMPILE_DELAY_MS = 400;

export interface IRunOptions {
  parameters?: Record<string, unknown>;
  title?: string;
  cache?: boolean;
  target?: string;
}

/**
 * The pipeline of one open notebook: compiled again (by the server) after
 * each edit, plus the run shown on its cells and graph — the latest one,
 * or the one just started.
 */
export class NotebookPipeline {
  constructor(
    private readonly api: ICellpipe.IApi,
    private readonly socket: ICellpipe.IEvents,
    readonly panel: NotebookPanel
  ) {
    panel.context.model.sharedModel.changed.connect(this._schedule, this);
    // The shared notebook reports cell list and metadata changes only; a cell's
    // code changing is reported by the model's contentChanged.
    panel.context.model.contentChanged.connect(this._schedule, this);
    panel.context.pathChanged.connect(this._schedule, this);
  }

  get compile(): ICompileResult | null {
    return this._compile;
  }

  /**
   * Problems the server reported when a run was refused (shown like compile
   * problems) until a compile asked for after them answers: problems follow
   * the latest compile, so a fixed one does not wait for the next run.
   */
  get runProblems(): readonly IProblem[] {
    return this._runProblems;
  }

  get error(): string | null {
    return this._error;
  }

  get activeRun(): RunModel | null {
    return this._activeRun;
  }

  /** True: cells show the shown run's outputs in place of the kernel's (when the run has some). */
  get showRunOutputs(): boolean {
    return this._showRunOutputs;
  }

  set showRunOutputs(value: boolean) {
    if (value !== this._showRunOutputs) {
      this._showRunOutputs = value;
      this._changed.emit();
    }
  }

  /** Counts moves of this notebook's runs to its path (lists of its runs load again). */
  get runsVersion(): number {
    return this._runsVersion;
  }

  runsMoved(): void {
    this._runsVersion++;
    this._changed.emit();
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get path(): string {
    return this.panel.context.path;
  }

  /** The notebook as the server should see it: the current editor state. */
  snapshot(): unknown {
    return this.panel.context.model.toJSON();
  }

  async start(): Promise<void> {
    await this.recompile();
    try {
      const latest = await this.api.listRuns({ notebook: this.path, limit: 1 });
      if (latest.runs.length > 0 && !this._activeRun) {
        await this.show(latest.runs[0].id);
      }
    } catch {
      // No run history (server unreachable): the connection panel says why.
    }
  }

  async recompile(): Promise<void> {
    const asked = ++this._compilesAsked;
    try {
      // The server names the pipeline: the notebook's own name (Cellpipe's
      // or Kale's pipeline_name), else from its path.
      const result = await this.api.compile({
        notebook: this.snapshot(),
        notebookPath: this.path
      });
      if (asked < this._compilesAnswered) {
        return; // a later edit's compile answered first: it is the current one
      }
      this._compilesAnswered = asked;
      this._compile = result;
      this._error = null;
      if (asked > this._runProblemsAt) {
        this._runProblems = [];
      }
    } catch (err) {
      if (asked < this._compilesAnswered) {
        return;
      }
      this._error = err instanceof Error ? err.message : String(err);
    }
    this._changed.emit();
  }

  /** Starts a run of the current notebook; refused pipelines leave their problems here. */
  async run(options: IRunOptions = {}): Promise<RunModel | null> {
    return this._start(() =>
      this.api.createRun({
        notebook: this.snapshot(),
        notebookPath: this.path,
        ...options
      })
    );
  }

  /** Resume the shown run with the notebook as it is now (fixed cells run, the rest is reused). */
  async resume(): Promise<RunModel | null> {
    const run = this._activeRun;
    return run
      ? this._start(() => this.api.resumeRun(run.runId, this.snapshot()))
      : null;
  }

  async cancel(): Promise<void> {
    if (this._activeRun) {
      await this.api.cancelRun(this._activeRun.runId);
    }
  }

  /** Shows run `id` on this notebook's cells and graph. */
  async show(id: string): Promise<void> {
    this._activeRun?.changed.disconnect(this._onRunChanged, this);
    this._activeRun?.dispose();
    this._activeRun = new RunModel(this.api, this.socket, id);
    this._activeRun.changed.connect(this._onRunChanged, this);
    await this._activeRun.load();
  }

  dispose(): void {
    clearTimeout(this._timer);
    this.panel.context.model.sharedModel.changed.disconnect(
      this._schedule,
      this
    );
    this.panel.context.model.contentChanged.disconnect(this._schedule, this);
    this._activeRun?.dispose();
  }

  private async _start(
    request: () => Promise<{ id: string }>
  ): Promise<RunModel | null> {
    try {
      const record = await request();
      this._runProblems = [];
      await this.show(record.id);
      return this._activeRun;
    } catch (err) {
      if (err instanceof ApiError && err.problems.length > 0) {
        this._runProblems = err.problems;
        this._runProblemsAt = this._compilesAsked;
        this._changed.emit();
        return null;
      }
      throw err;
    }
  }

  private _schedule(): void {
    clearTimeout(this._timer);
    this._timer = setTimeout(() => void this.recompile(), COMPILE_DELAY_MS);
  }

  private _onRunChanged(): void {
    this._changed.emit();
  }

  private _compile: ICompileResult | null = null;
  private _runProblems: IProblem[] = [];
  /** Compiles asked for so far, when the run problems came, and the latest answered. */
  private _compilesAsked = 0;
  private _runProblemsAt = 0;
  private _compilesAnswered = 0;
  private _error: string | null = null;
  private _activeRun: RunModel | null = null;
  private _showRunOutputs = true;
  private _runsVersion = 0;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private readonly _changed = new Signal<this, void>(this);
}
