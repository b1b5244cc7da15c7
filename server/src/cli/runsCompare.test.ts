import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import type { IRunComparison, IRunSummary } from '../contract/wire.js';
import { runCli } from '../testing/cliProcess.js';
import { notebook, step } from '../testing/notebooks.js';

const home = mkdtempSync(join(tmpdir(), 'cellpipe-compare-home-'));
const dir = mkdtempSync(join(tmpdir(), 'cellpipe-compare-cli-'));
const cli = (args: string[]) => runCli(args, home);

const nb = (scoreCode: string) =>
  notebook([
    { source: 'n = 3', tags: ['pipeline-parameters'] },
    step('make', 'values = list(range(n))'),
    step('score', scoreCode),
    { source: 'score', tags: ['pipeline-metrics'] }
  ]);

describe('cellpipe runs compare', () => {
  test('two runs with a changed parameter and changed code, side by side', async () => {
    const file = join(dir, 'cmp.ipynb');
    writeFileSync(file, JSON.stringify(nb('score = sum(values)')));
    assert.equal((await cli(['run', file])).code, 0);
    writeFileSync(file, JSON.stringify(nb('score = sum(values) * 2')));
    assert.equal((await cli(['run', file, '--param', 'n=5'])).code, 0);
    const runs = JSON.parse(
      (await cli(['runs', '--json'])).stdout
    ) as IRunSummary[];
    const [second, first] = runs.map(r => r.id);

    const json = await cli(['runs', 'compare', first, second, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const c = JSON.parse(json.stdout) as IRunComparison;
    assert.deepEqual(
      c.runs.map(r => r.id),
      [first, second]
    );
    assert.deepEqual(c.parameters, [
      { name: 'n', values: [3, 5], differs: true }
    ]);
    assert.deepEqual(
      c.metrics.map(m => [m.step, m.name, m.values, m.differs]),
      [['score', 'score', [3, 20], true]]
    );
    const score = c.steps.find(s => s.name === 'score')!;
    assert.equal(score.codeChanged, true);
    assert.deepEqual(score.code, [
      'score = sum(values)',
      'score = sum(values) * 2'
    ]);
    assert.equal(c.steps.find(s => s.name === 'make')!.codeChanged, false);

    const text = await cli(['runs', 'compare', first, second]);
    assert.match(text.stdout, /^\* n +3 +5$/m);
    assert.match(text.stdout, /^\* score\.score +3 +20$/m);
    assert.match(text.stdout, /^\* score \(code changed\) +succeeded/m);
    // The changed step's code as a unified diff, later run against the first.
    assert.ok(
      text.stdout.includes(
        `--- score @ ${first}\n+++ score @ ${second}\n@@ -1,1 +1,1 @@\n-score = sum(values)\n+score = sum(values) * 2`
      ),
      text.stdout
    );
    assert.doesNotMatch(text.stdout, /make @/);
  });

  test('refuses one id and names an unknown run', async () => {
    assert.equal((await cli(['runs', 'compare', 'only-one'])).code, 2);
    const unknown = await cli(['runs', 'compare', 'nope-1', 'nope-2']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no run with id "nope-1"/);
  });
});
