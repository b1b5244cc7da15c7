import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ICompiled } from '../compiler/compile.js';
import { StepProcess, type IStepExit } from '../executors/local/StepProcess.js';
import type { StepEvent } from '../executors/stepEvents.js';

export interface IStepRun {
  events: StepEvent[];
  logs: string[];
  exit: IStepExit;
}

/**
 * Runs compiled step programs one after another with real Python, wiring
 * inputs to the producers' artifacts; stops at the first failed step. A
 * plain sequential runner for tests of programs, not the executor.
 */
export async function runCompiled(
  compiled: ICompiled,
  options: {
    python: string;
    root: string;
    parameters?: Record<string, unknown>;
  }
): Promise<Map<string, IStepRun>> {
  const runs = new Map<string, IStepRun>();
  const { result, programs } = compiled;
  const values = Object.fromEntries(
    result.parameters.map(p => [p.name, p.value])
  );
  for (const name of result.order) {
    const step = result.steps.find(s => s.name === name)!;
    const dir = join(options.root, name);
    mkdirSync(dir, { recursive: true });
    const producer = (input: string) =>
      result.edges.find(e => e.to === name && e.variables.includes(input))!
        .from;
    const context = {
      run_id: 'test',
      inputs: Object.fromEntries(
        step.inputs.map(i => [i, join(options.root, producer(i), i)])
      ),
      output_dir: dir,
      parameters: { ...values, ...options.parameters }
    };
    writeFileSync(join(dir, 'program.py'), programs.get(name)!);
    writeFileSync(join(dir, 'context.json'), JSON.stringify(context));
    const proc = new StepProcess({
      python: options.python,
      program: join(dir, 'program.py'),
      context: join(dir, 'context.json')
    });
    const run: IStepRun = {
      events: [],
      logs: [],
      exit: { code: null, signal: null }
    };
    for await (const line of proc) {
      if (line.type === 'event') {
        run.events.push(line.event);
      } else {
        run.logs.push(line.line);
      }
    }
    run.exit = await proc.exited;
    runs.set(name, run);
    if (run.exit.code !== 0) {
      break;
    }
  }
  return runs;
}
