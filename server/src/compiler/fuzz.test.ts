import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { CellAnalysis } from './analysis.js';
import { compilePipeline } from './compile.js';
import { readNotebook, type IPipelineDraft } from '../notebook/readNotebook.js';
import { PythonAnalyzer } from '../pipelines/PythonAnalyzer.js';
import { resolvePython } from '../pipelines/pythonExecutable.js';
import { randomNotebook, seededRandom } from '../testing/randomNotebooks.js';

const COUNT = 10_000;
const BATCH = 1_000;
const SEED = Number(process.env.CELLPIPE_FUZZ_SEED ?? 20261128);

/** Runs the real analyzer once for a whole batch (ids made unique per notebook). */
async function analyzeBatch(
  analyzer: PythonAnalyzer,
  drafts: IPipelineDraft[]
): Promise<Map<string, CellAnalysis>[]> {
  const cells = drafts.flatMap((d, n) =>
    d.cells.map(c => ({ id: `${n}\u0000${c.id}`, source: c.source }))
  );
  const outcome = await analyzer.analyze(cells);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  const perDraft = drafts.map(() => new Map<string, CellAnalysis>());
  for (const [key, cell] of outcome.cells) {
    const [n, id] = key.split('\u0000');
    perDraft[Number(n)].set(id, { ...cell, id });
  }
  return perDraft;
}

describe('fuzzing compile', () => {
  test(`${COUNT} random and mutated notebooks: no exception, always a pipeline or problems`, async () => {
    const random = seededRandom(SEED);
    const analyzer = new PythonAnalyzer({ python: resolvePython() });
    let withErrors = 0;
    for (let start = 0; start < COUNT; start += BATCH) {
      const docs = Array.from({ length: BATCH }, () => randomNotebook(random));
      const drafts = docs.map(doc => readNotebook(doc));
      const analyses = await analyzeBatch(analyzer, drafts);
      drafts.forEach((draft, i) => {
        const { result, programs } = compilePipeline(draft, analyses[i], {
          name: 'fuzz',
          harness: '# harness'
        });
        assert.equal(typeof result.ok, 'boolean');
        for (const p of result.problems) {
          assert.ok(
            typeof p.path === 'string' &&
              p.message.length > 0 &&
              ['error', 'warning'].includes(p.severity),
            JSON.stringify(p)
          );
        }
        if (result.ok) {
          assert.equal(programs.size, result.steps.length);
          assert.equal(new Set(result.order).size, result.steps.length);
        } else {
          withErrors++;
          assert.ok(result.problems.some(p => p.severity === 'error'));
        }
        JSON.stringify(result); // must be serialisable for the API
      });
    }
    // The generator must reach both outcomes, or it is not testing much.
    assert.ok(
      withErrors > COUNT * 0.1 && withErrors < COUNT * 0.95,
      `${withErrors} of ${COUNT} had errors`
    );
  });
});
