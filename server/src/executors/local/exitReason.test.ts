import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { describeExit } from './exitReason.js';

describe('a step exit the harness did not explain, in words', () => {
  const cases: Array<[number | null, string | null, string, RegExp]> = [
    [null, 'SIGKILL', 'oom', /out-of-memory killer/],
    [137, null, 'oom', /code 137 .*out of memory/],
    [null, 'SIGSEGV', 'killed', /segmentation fault/],
    [null, 'SIGTERM', 'killed', /SIGTERM/],
    [null, 'SIGUSR2', 'killed', /SIGUSR2/],
    [0, null, 'exit', /exited before finishing/],
    [3, null, 'exit', /exited with code 3/]
  ];
  for (const [code, signal, kind, message] of cases) {
    test(`code ${code}, signal ${signal}`, () => {
      const error = describeExit(code, signal);
      assert.equal(error.kind, kind);
      assert.match(error.message, message);
    });
  }
});
