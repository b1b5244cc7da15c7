import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { IRunRecord, IStepRecord } from '../contract/wire.js';
import { progressBar, renderProgress, seconds } from './renderProgress.js';

const stepRecord = (
  name: string,
  status: IStepRecord['status'],
  durationMs: number | null,
  extra: Partial<IStepRecord> = {}
): IStepRecord => ({
  name,
  status,
  attempt: 1,
  cacheKey: null,
  cachedFrom: null,
  startedAt: null,
  finishedAt: null,
  durationMs,
  exitCode: null,
  signal: null,
  reason: null,
  error: null,
  inputs: [],
  outputs: [],
  dependsOn: [],
  cells: [],
  ...extra
});

describe('the terminal progress view', () => {
  test('a progress bar fills with the share of finished steps', () => {
    assert.equal(progressBar(0, 4, 8), '░░░░░░░░');
    assert.equal(progressBar(2, 4, 8), '████░░░░');
    assert.equal(progressBar(4, 4, 8), '████████');
  });

  test('durations read naturally', () => {
    assert.equal(seconds(1234), '1.2 s');
    assert.equal(seconds(65_400), '65 s');
  });

  test('one line per step with status, duration, and why it failed', () => {
    const run = {
      id: 'r-1',
      name: 'demo',
      durationMs: 3000,
      startedAt: null,
      steps: [
        stepRecord('load', 'succeeded', 1200),
        stepRecord('train', 'failed', 800, {
          error: { kind: 'cell', message: 'ValueError: bad\nmore' },
          attempt: 2
        }),
        stepRecord('report', 'skipped', null)
      ]
    } as unknown as IRunRecord;
    const text = renderProgress(run, Date.now(), false);
    const lines = text.split('\n');
    assert.match(
      lines[0],
      /^Pipeline "demo" {2}run r-1 {2}█{24} 3\/3 steps {2}3\.0 s$/
    );
    assert.equal(lines[1], '  ✓ load    succeeded    1.2 s');
    assert.equal(
      lines[2],
      '  ✗ train   failed       0.8 s (try 2)  ValueError: bad'
    );
    assert.equal(lines[3], '  - report  skipped');
  });
});
