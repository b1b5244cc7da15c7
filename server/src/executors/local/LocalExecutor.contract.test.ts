import { readdirSync, readFileSync } from 'node:fs';

import { testEngine, until } from '../../testing/testEngine.js';
import { executorContract } from '../../testing/executorContract.js';

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
  makeEngine: () => testEngine(),
  slow: () => ({}),
  failing: () => ({}),
  stopped: (_engine, run) =>
    until(
      () => runProcesses(run.id).length === 0,
      5_000,
      'the step processes to end'
    )
});
