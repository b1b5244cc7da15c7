import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { IExecutorInfo } from '../../contract/wire.js';
import type {
  IExecutor,
  IExecutorSetup,
  IStepJob,
  StepUpdate
} from '../../executors/Executor.js';
import { parseStdoutLine } from '../../executors/stepEvents.js';
import { failed } from '../../executors/stepOutcomes.js';

/**
 * The smallest executor that follows docs/architecture.md's recipe, written
 * only to prove it (test code, never shipped): one step at a time, each
 * program piped into `python -` on this machine. It is this one folder plus
 * one line in the engine's executor list.
 */
export class InlineProgramExecutor implements IExecutor {
  readonly name = 'inline';

  constructor(private readonly setup: IExecutorSetup) {}

  info(): IExecutorInfo {
    return { name: this.name, available: true };
  }

  async *run(job: IStepJob, signal: AbortSignal): AsyncIterable<StepUpdate> {
    const dir = job.context.output_dir;
    await mkdir(dir, { recursive: true });
    const context = join(dir, '_context.json');
    await writeFile(context, JSON.stringify(job.context));
    const child = spawn(await this.setup.python, ['-', context], {
      cwd: job.cwd,
      stdio: ['pipe', 'pipe', 'inherit'],
      signal
    });
    child.stdin.end(job.program);
    yield { type: 'attempt', attempt: 1, pid: child.pid ?? null };
    const exited = new Promise<number | null>(resolve => {
      child.on('close', resolve);
      child.on('error', () => resolve(null));
    });
    for await (const line of createInterface({ input: child.stdout })) {
      yield { type: 'line', line: parseStdoutLine(line) };
    }
    const code = await exited;
    yield {
      type: 'done',
      outcome:
        code === 0
          ? {
              status: 'succeeded',
              exitCode: 0,
              signal: null,
              reason: null,
              error: null
            }
          : { ...failed(`exited with code ${code}`, 'exit'), exitCode: code }
    };
  }

  async stop(): Promise<void> {}
}
