import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import type { ICompileResult, IProblem } from '../contract/wire.js';
import { testCompileService } from '../testing/compiler.js';
import {
  KALE_NOTEBOOKS,
  type IKaleExpectation
} from './kaleNotebooks.fixture.js';

/*
 * Kale's own notebooks (server/test/kale-notebooks/, see its README) compile
 * unchanged through the real compile path: the steps and `prev:` edges Kale
 * builds (composition included), no errors, and a warning for every
 * Kale construct Cellpipe does not support. Compile only: their libraries
 * need not be installed.
 */
const DIR = fileURLToPath(
  new URL('../../test/kale-notebooks/', import.meta.url)
);
const service = testCompileService(DIR);

/** Problems about Kale tags and settings: each must be expected. */
const KALE_KINDS = new Set([
  'unsupported-kale',
  'notebook-reference',
  'invalid-metadata',
  'ignored-metric-code'
]);

function notebooksIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return notebooksIn(path);
    }
    return entry.name.endsWith('.ipynb') ? [relative(DIR, path)] : [];
  });
}

async function compile(path: string): Promise<ICompileResult> {
  const notebook = JSON.parse(readFileSync(join(DIR, path), 'utf8')) as unknown;
  const { result } = await service.compile({ notebook, notebookPath: path });
  return result;
}

const pairs = (edges: Array<[string, string]>) =>
  edges.map(([from, to]) => `${from} → ${to}`).sort();

function assertKaleWarnings(
  problems: IProblem[],
  expected: IKaleExpectation
): void {
  const kale = problems.filter(p => KALE_KINDS.has(p.kind));
  for (const pattern of expected.warnings) {
    assert.ok(
      kale.some(p => pattern.test(p.message)),
      `no problem ${pattern}`
    );
  }
  for (const p of kale) {
    assert.ok(
      expected.warnings.some(pattern => pattern.test(p.message)),
      `unexpected ${p.severity}: ${p.message}`
    );
  }
}

function assertSteps(result: ICompileResult, expected: IKaleExpectation): void {
  assert.deepEqual(
    result.steps.map(s => s.name),
    expected.steps
  );
  const explicit = result.edges
    .filter(e => e.explicit)
    .map((e): [string, string] => [e.from, e.to]);
  const missing = new Set(pairs(expected.missing ?? []));
  assert.deepEqual(
    pairs(explicit),
    pairs(expected.prev).filter(e => !missing.has(e))
  );
  for (const [step, indexes] of Object.entries(expected.cells ?? {})) {
    const found = result.steps.find(s => s.name === step);
    assert.deepEqual(
      found?.cells.map(c => c.index),
      indexes,
      `cells of ${step}`
    );
  }
  for (const [step, properties] of Object.entries(expected.properties ?? {})) {
    const found = result.steps.find(s => s.name === step);
    assert.deepEqual(found?.properties, properties, `properties of ${step}`);
  }
  for (const [step, metrics] of Object.entries(expected.metrics ?? {})) {
    const found = result.steps.find(s => s.name === step);
    assert.deepEqual(found?.metrics, metrics, `metrics of ${step}`);
  }
}

describe("Kale's pipeline_name", () => {
  const path = 'examples/base/candies_sharing.ipynb';
  const notebook = () =>
    JSON.parse(readFileSync(join(DIR, path), 'utf8')) as unknown;

  test('names the pipeline when the request names none', async () => {
    const { result } = await service.compile({ notebook: notebook() });
    assert.equal(result.name, 'candies-sharing');
  });

  test('gives way to a name the request gives', async () => {
    const { result } = await service.compile({
      notebook: notebook(),
      name: 'mine',
      notebookPath: path
    });
    assert.equal(result.name, 'mine');
  });
});

describe("Kale's own notebooks compile unchanged", () => {
  test('every copied notebook is described here', () => {
    assert.deepEqual(
      notebooksIn(DIR).sort(),
      Object.keys(KALE_NOTEBOOKS).sort()
    );
  });

  for (const [path, expected] of Object.entries(KALE_NOTEBOOKS)) {
    test(path, async () => {
      const result = await compile(path);
      const errors = result.problems.filter(p => p.severity === 'error');
      assert.deepEqual(
        errors.map(p => p.kind),
        expected.errors ?? [],
        errors.map(p => p.message).join('\n')
      );
      assert.equal(result.ok, errors.length === 0);
      assert.equal(result.name, expected.name);
      assertSteps(result, expected);
      assertKaleWarnings(result.problems, expected);
    });
  }
});
