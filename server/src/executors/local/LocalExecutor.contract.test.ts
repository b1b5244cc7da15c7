import { readdirSync, readFileSync } from 'node:fs';

import { until } from '../../testing/testEngine.js';
import { executorContract } from '../../testing/executorContract.js';
import type { IExecutor, IStepJob, StepUpdate } from '../Executor.js';
import { LocalExecutor } from './LocalExecutor.js';

/** Process groups a live process is in (field 5 of /proc/<pid>/stat). */
function liveGroups(): Set<number> {
  const groups = new Set<number>();
  for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z') {
        groups.add(Number(fields[2]));
      }
    } catch {
      // gone meanwhile
    }
  }
  return groups;
}

/**
 * The executor, remembering each run's step pids: a step is its own process
 * group, so "nothing left running" is "no live process in those groups"
 * (which holds for forked steps too, whose command line is the fork server's).
 */
function recordingPids(
  executor: IExecutor,
  pids: Map<string, number[]>
): IExecutor {
  return {
    name: executor.name,
    info: () => executor.info(),
    stop: () => executor.stop(),
    async *run(job: IStepJob, signal: AbortSignal): AsyncIterable<StepUpdate> {
      for await (const update of executor.run(job, signal)) {
        if (update.type === 'attempt' && update.pid !== null) {
          pids.set(job.runId, [...(pids.get(job.runId) ?? []), update.pid]);
        }
        yield update;
      }
    }
  };
}

for (const forkServer of [true, false]) {
  const pids = new Map<string, number[]>();
  executorContract(
    forkServer ? 'local (fork server)' : 'local (fresh interpreters)',
    {
      executor: () => setup =>
        recordingPids(
          new LocalExecutor({
            python: setup.python,
            concurrency: 4,
            killGraceMs: 500,
            forkServer
          }),
          pids
        ),
      slow: () => ({}),
      failing: () => ({}),
      stopped: run =>
        until(
          () => {
            const live = liveGroups();
            const mine = pids.get(run.id) ?? [];
            return mine.length > 0 && mine.every(pid => !live.has(pid));
          },
          5_000,
          'the step process groups to end'
        )
    }
  );
}
