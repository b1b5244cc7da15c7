import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { ICompileResult } from '../contract/wire.js';
import { testCompileService } from '../testing/compiler.js';
import { notebook, step, type CellSpec } from '../testing/notebooks.js';

/*
 * Composition through the real compile path: notebooks on disk under a real
 * root folder, Kale's `notebook:` cells naming them, the real analysis.
 */
let root: string;
let outside: string;

function write(path: string, json: unknown): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(json));
}

/** A notebook whose cells may be `notebook:` references (Kale's tag, with notebook_path). */
function composing(
  cells: Array<CellSpec | { ref: string; path?: string }>,
  pipeline?: unknown
): Record<string, unknown> {
  const json = notebook(
    cells.map(c => (typeof c === 'object' && 'ref' in c ? '' : c)),
    pipeline
  );
  const out = json.cells as Array<Record<string, unknown>>;
  cells.forEach((c, i) => {
    if (typeof c === 'object' && 'ref' in c) {
      out[i].metadata = {
        tags: [`notebook:${c.ref}`],
        ...(c.path !== undefined && { notebook_path: c.path })
      };
    }
  });
  return json;
}

async function compile(
  json: unknown,
  notebookPath = 'main.ipynb'
): Promise<ICompileResult> {
  const { result } = await testCompileService(root).compile({
    notebook: json,
    notebookPath
  });
  return result;
}

const edges = (r: ICompileResult) =>
  r.edges.map(e => `${e.from} → ${e.to}`).sort();
const errors = (r: ICompileResult) =>
  r.problems.filter(p => p.severity === 'error');

before(() => {
  root = mkdtempSync(join(tmpdir(), 'cellpipe-compose-'));
  outside = mkdtempSync(join(tmpdir(), 'cellpipe-outside-'));
  write(
    'prep.ipynb',
    notebook([step('load', 'rows = [3, 1, 2]\nrows.sort()')])
  );
  write(
    'train.ipynb',
    notebook([
      step('fit', 'model = sum(rows) / len(rows)'),
      step('load', 'extra = 1', { after: ['fit'] })
    ])
  );
  write('broken.ipynb', notebook([step('bad', 'def (:\n  pass')]));
  write('loop_a.ipynb', composing([{ ref: 'loop_b' }]));
  write('loop_b.ipynb', composing([{ ref: 'loop_a' }]));
  write('sub/outer.ipynb', composing([{ ref: 'inner' }]));
  write('sub/inner.ipynb', notebook([step('deep', 'depth = 2')]));
  writeFileSync(join(root, 'text.ipynb'), 'not json at all');
  writeFileSync(
    join(outside, 'secret.ipynb'),
    JSON.stringify(notebook([step('x', 'x = 1')]))
  );
  symlinkSync(join(outside, 'secret.ipynb'), join(root, 'link.ipynb'));
});

after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('a notebook: cell composes the notebook it names into the pipeline', () => {
  test('the referenced steps stand where the cell stands, and data flows across notebooks', async () => {
    const r = await compile(
      composing([
        { ref: 'prep' },
        { ref: 'train', path: './train.ipynb' },
        step('report', 'print(model, extra)')
      ])
    );
    assert.deepEqual(errors(r), []);
    assert.deepEqual(
      r.steps.map(s => s.name),
      ['load', 'fit', 'train_load', 'report']
    );
    const fit = r.steps.find(s => s.name === 'fit')!;
    assert.deepEqual(fit.inputs, ['rows']);
    assert.equal(fit.cells[0].notebook, 'train.ipynb');
    assert.deepEqual(
      edges(r).filter(e => e.startsWith('load ')),
      ['load → fit']
    );
    assert.ok(edges(r).includes('fit → train_load'), edges(r).join(', '));
    assert.ok(edges(r).includes('fit → report'));
    assert.ok(edges(r).includes('train_load → report'));
  });

  test('a step name used twice is renamed with its notebook, said on the reference cell', async () => {
    const r = await compile(composing([{ ref: 'prep' }, { ref: 'train' }]));
    const renamed = r.problems.find(p => p.kind === 'renamed-step');
    assert.ok(renamed, JSON.stringify(r.problems));
    assert.equal(renamed.cellIndex, 1);
    assert.match(
      renamed.message,
      /step "load" of train\.ipynb is called "train_load"/
    );
    // train's own `after: fit` still points at its renamed step's predecessor.
    assert.deepEqual(r.steps.find(s => s.name === 'train_load')?.after, [
      'fit'
    ]);
  });

  test('paths are relative to the composing notebook, also when nested', async () => {
    const r = await compile(
      composing([{ ref: 'outer', path: 'sub/outer.ipynb' }])
    );
    assert.deepEqual(errors(r), []);
    assert.deepEqual(
      r.steps.map(s => s.name),
      ['deep']
    );
    assert.equal(r.steps[0].cells[0].notebook, 'sub/inner.ipynb');
  });

  test('a problem inside a referenced notebook shows on the reference cell, saying where', async () => {
    const r = await compile(composing(['x = 0', { ref: 'broken' }]));
    const syntax = errors(r).find(p => p.kind === 'syntax-error');
    assert.ok(syntax, JSON.stringify(r.problems));
    assert.equal(syntax.cellIndex, 1);
    assert.equal(syntax.cellId, 'c1');
    assert.match(syntax.message, /^in broken\.ipynb, cell 1: /);
  });
});

describe('a reference that cannot be used is an error on its cell', () => {
  const cases: Array<[string, { ref: string; path?: string }, RegExp]> = [
    ['a missing notebook', { ref: 'nowhere' }, /nowhere\.ipynb does not exist/],
    [
      'a file that is not JSON',
      { ref: 'text' },
      /text\.ipynb is not a notebook/
    ],
    [
      'a path out of the notebook folder',
      { ref: 'x', path: '../../etc/passwd' },
      /outside the notebook folder/
    ],
    ['an absolute path', { ref: 'x', path: '/etc/passwd' }, /is absolute/],
    [
      'a link to a file outside the folder',
      { ref: 'link' },
      /link to a file outside/
    ],
    [
      'a cycle of references',
      { ref: 'loop_a' },
      /references itself through loop_a\.ipynb → loop_b\.ipynb → loop_a\.ipynb/
    ]
  ];
  for (const [name, ref, message] of cases) {
    test(name, async () => {
      const r = await compile(composing([step('own', 'y = 1'), ref]));
      const problem = errors(r).find(p => p.kind === 'notebook-reference');
      assert.ok(problem, JSON.stringify(r.problems));
      assert.match(problem.message, message);
      assert.equal(problem.cellIndex, 1);
      assert.equal(r.ok, false);
    });
  }

  test('without a notebook folder (a bare API call) the reference says it cannot be read', async () => {
    const { result } = await testCompileService().compile({
      notebook: composing([{ ref: 'prep' }])
    });
    assert.match(
      errors(result)[0]?.message ?? '',
      /notebooks cannot be read here/
    );
  });
});
