import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';

import type { IRunRecord } from '../contract/wire.js';
import { resolvePython } from '../pipelines/pythonExecutable.js';
import { testEngine } from '../testing/testEngine.js';
import { fuzzNotebook } from './fidelity/fuzzNotebooks.fixture.js';

const REFERENCE = fileURLToPath(
  new URL('../../src/runs/fidelity/reference_plain.py', import.meta.url)
);
const MARK = '@@fidelity ';
const CASES = Number(process.env.CELLPIPE_FUZZ_CASES ?? 200);
const SEED = Number(process.env.CELLPIPE_FUZZ_SEED ?? 1);

type Notebook = { cells: Array<{ source: string }> };

/** Every notebook's digest from a top-to-bottom run, all in one Python process. */
async function references(notebooks: Notebook[]): Promise<unknown[]> {
  const python = await resolvePython();
  return new Promise((resolve, reject) => {
    const child = execFile(
      python,
      [REFERENCE],
      { maxBuffer: 64 * 1024 * 1024 },
      (err: Error | null, stdout: string) =>
        err ? reject(err) : resolve(JSON.parse(stdout) as unknown[])
    );
    child.stdin!.end(
      JSON.stringify(notebooks.map(nb => nb.cells.map(c => c.source)))
    );
  });
}

describe('random notebooks of objects changed in place compute the same as a pipeline', () => {
  const engine = testEngine({ concurrency: 2 });
  after(async () => {
    await engine.stop();
    engine.close();
  });

  const digestOf = (run: IRunRecord): unknown => {
    const lines = run.steps
      .flatMap(s => engine.store.getLogs(run.id, s.name, 0, 10_000))
      .map(l => l.line)
      .filter(l => l.startsWith(MARK));
    return lines.length
      ? JSON.parse(lines[lines.length - 1].slice(MARK.length))
      : null;
  };

  test(`${CASES} cases from seed ${SEED}`, async () => {
    const notebooks = Array.from(
      { length: CASES },
      (_, i) => fuzzNotebook(SEED * 100_000 + i) as unknown as Notebook
    );
    const expected = await references(notebooks);
    const runs = await Promise.all(
      notebooks.map(async nb => {
        const { id } = await engine.runs.submit(
          { notebook: nb, name: 'fuzz', cache: false },
          { cwd: engine.workDir }
        );
        return engine.runs.wait(id);
      })
    );
    const differ = runs
      .map((run, i) => ({ i, run, got: digestOf(run), want: expected[i] }))
      .filter(c => c.run.status !== 'succeeded' || !isDeepEqual(c.got, c.want));
    const shown = differ.slice(0, 3).map(c => ({
      case: SEED * 100_000 + c.i,
      status: c.run.status,
      reason: c.run.reason,
      cells: notebooks[c.i].cells.slice(2).map(x => x.source),
      pipeline: c.got,
      notebook: c.want
    }));
    assert.equal(differ.length, 0, JSON.stringify(shown, null, 1));
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
