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
  /**
   * `parseBody` turns a raw request body into the service's input (the
   * route's parser, given by the wiring: this layer may not import http/).
   */
  constructor(
    private readonly service: Compiler,
    private readonly parseBody: (
      raw: Uint8Array
    ) => Promise<Omit<ICompileInput, 'signal'>>,
    private readonly maxSteps = MAX_STEPS
  ) {}

  async compile(input: ICompileInput): Promise<ICompiled> {
    return limitSteps(await this.service.compile(input), input, this.maxSteps);
  }

  async compileResultJson(input: ICompileInput): Promise<string> {
    return JSON.stringify((await this.compile(input)).result);
  }

  async compileBodyJson(
    body: Uint8Array,
    signal?: AbortSignal
  ): Promise<string> {
    return this.compileResultJson({ ...(await this.parseBody(body)), signal });
  }

  /** Nothing runs between compiles. */
  stop(): Promise<void> {
    return Promise.resolve();
  }
}
