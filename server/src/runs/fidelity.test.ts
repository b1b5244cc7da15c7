import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';

import { resolvePython } from '../pipelines/pythonExecutable.js';
import { testEngine } from '../testing/testEngine.js';
import { corpusNotebook } from './fidelity/corpusNotebook.fixture.js';

const run = promisify(execFile);
const FIDELITY = new URL('../../src/runs/fidelity/', import.meta.url);
const CORPUS = new URL('corpus/', FIDELITY);
const REFERENCE = fileURLToPath(new URL('reference.py', FIDELITY));
const MARK = '@@fidelity ';

type Digest = Record<string, unknown>;

const lastDigest = (lines: string[]): string | undefined =>
  [...lines].reverse().find(l => l.startsWith(MARK));

/** The check cell's digest from a top-to-bottom run in one real kernel. */
async function kernelDigest(path: string): Promise<Digest> {
  const { stdout } = await run(await resolvePython(), [REFERENCE, path], {
    timeout: 180_000
  });
  const line = lastDigest(stdout.split('\n'));
  assert.ok(line, `the kernel run printed no digest:\n${stdout}`);
  return JSON.parse(line.slice(MARK.length)) as Digest;
}

describe('a pipeline computes exactly what the notebook computes (differential, real kernel)', () => {
  const engine = testEngine({ concurrency: 2 });
  after(async () => {
    await engine.stop();
    engine.close();
  });

  /** The same digest, printed by the last step of a Cellpipe run. */
  async function pipelineDigest(nb: unknown): Promise<Digest> {
    const submitted = await engine.runs.submit(
      { notebook: nb, name: 'fidelity', cache: false },
      { cwd: engine.workDir }
    );
    const done = await engine.runs.wait(submitted.id);
    const logs = done.steps.flatMap(s =>
      engine.store.getLogs(done.id, s.name, 0, 100_000)
    );
    const text = logs.map(l => l.line).join('\n');
    assert.equal(done.status, 'succeeded', `${done.reason ?? ''}\n${text}`);
    const line = lastDigest(logs.map(l => l.line));
    assert.ok(line, `the pipeline printed no digest:\n${text}`);
    return JSON.parse(line.slice(MARK.length)) as Digest;
  }

  const files = readdirSync(CORPUS)
    .filter(f => f.endsWith('.py'))
    .sort();
  for (const file of files) {
    test(file.replace(/\.py$/, ''), async () => {
      const nb = corpusNotebook(readFileSync(new URL(file, CORPUS), 'utf8'));
      const path = join(engine.workDir, file.replace(/\.py$/, '.ipynb'));
      writeFileSync(path, JSON.stringify(nb));
      const [reference, pipeline] = await Promise.all([
        kernelDigest(path),
        pipelineDigest(nb)
      ]);
      assert.deepEqual(pipeline, reference);
    });
  }
});
