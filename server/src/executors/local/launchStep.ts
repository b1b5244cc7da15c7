import type { IStepJob } from '../Executor.js';
import type { ForkServerPool } from './ForkServerPool.js';
import { StepProcess, type IStepProcess } from './StepProcess.js';

/** Forked by the warm interpreter, or spawned (with why, when the fork server was meant to). */
export async function launchStep(
  forks: ForkServerPool | null,
  python: string,
  files: { program: string; context: string },
  job: IStepJob,
  env: Record<string, string>
): Promise<{ proc: IStepProcess; note: string | null }> {
  if (forks) {
    const started = await forks.start(
      python,
      JSON.stringify(job.properties.env_vars ?? []),
      {
        ...files,
        cwd: job.cwd,
        env: childEnv(env)
      }
    );
    if ('step' in started) {
      return { proc: started.step, note: null };
    }
    const proc = new StepProcess({ python, ...files, cwd: job.cwd, env });
    return {
      proc,
      note: `cellpipe: this step runs in a fresh interpreter, not forked from the warm one: ${started.fallback}`
    };
  }
  return {
    proc: new StepProcess({ python, ...files, cwd: job.cwd, env }),
    note: null
  };
}

/** The environment a spawned step gets (StepProcess), for a forked one. */
function childEnv(env: Record<string, string>): Record<string, string> {
  const all: Record<string, string> = {};
  for (const [name, value] of Object.entries({
    ...process.env,
    ...env,
    PYTHONUNBUFFERED: '1'
  })) {
    if (value !== undefined) {
      all[name] = value;
    }
  }
  return all;
}
