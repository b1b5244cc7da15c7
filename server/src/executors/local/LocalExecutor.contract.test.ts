import { readdirSync, readFileSync } from 'node:fs';

import { until } from '../../testing/testEngine.js';
import { executorContract } from '../../testing/executorContract.js';
import { LocalExecutor } from './LocalExecutor.js';

/** Step programs of the run that still have a process. */
function runProcesses(runId: string): number[] {
  return readdirSync('/proc')
    .filter(p => /^\d+$/.test(p))
    .filter(pid => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(runId);
      } catch {
        return false;
      }
    })
    .map(Number);
}

executorContract('local', {
  executor: () => setup =>
    new LocalExecutor({
      python: setup.python,
      concurrency: 4,
      killGraceMs: 500
    }),
  slow: () => ({}),
  failing: () => ({}),
  stopped: run =>
    until(
      () => runProcesses(run.id).length === 0,
      5_000,
      'the step processes to end'
    )
});
