import type { ICompiled } from '../compiler/compile.js';
import { limitSteps, MAX_STEPS } from './compileRefusals.js';
import type { Compiler, IResultCompiler } from './CompileWorker.js';
import type { ICompileInput } from './CompileService.js';

/**
 * The compile service on the caller's thread, with the worker's step limit:
 * for one-shot CLI commands (`cellpipe run`), which have no event loop to
 * keep free, and for which a worker thread costs its start and a second
 * load of the compiler (most of a fully cached re-run). The server
 * compiles in CompileWorker.
 */
export class InProcessCompiler implements Compiler, IResultCompiler {
  constructor(
    private readonly service: Compiler,
    private readonly maxSteps = MAX_STEPS
  ) {}

  async compile(input: ICompileInput): Promise<ICompiled> {
    return limitSteps(await this.service.compile(input), input, this.maxSteps);
  }

  async compileResultJson(input: ICompileInput): Promise<string> {
    return JSON.stringify((await this.compile(input)).result);
  }

  /** Nothing runs between compiles. */
  stop(): Promise<void> {
    return Promise.resolve();
  }
}
