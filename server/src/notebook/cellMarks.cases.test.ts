import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { stepNameProblem } from '../spec/stepName.js';
import { readAnnotation } from './annotations.js';
import type { ICodeCell } from './notebookSchema.js';
import { readNotebook, type IPipelineDraft } from './readNotebook.js';

/*
 * The cases in cellMarks.cases.json, as the server reads them. The frontend
 * reads the same file (src/__tests__/cellMarksAreReadLikeTheServer.spec.ts),
 * so a mark or step-name rule changed on one side only fails a test.
 */

interface ICellCase {
  name: string;
  metadata: Record<string, unknown>;
  expected: {
    step: string | null;
    role: string | null;
    after: string[];
    annotated: boolean;
  };
  /** A known divergence of the server's reader: reported as todo, not failed. */
  serverTodo?: string;
}

interface INotebookCase {
  name: string;
  cells: Array<Record<string, unknown>>;
  expected: {
    cells: string[];
    steps: Array<{ name: string; after: string[] }>;
  };
}

interface ICases {
  cells: ICellCase[];
  notebooks: INotebookCase[];
  stepNames: Array<{ name: string; problem: string | null }>;
}

// Compiled to dist/notebook/: the JSON stays in src/.
const cases = JSON.parse(
  readFileSync(
    new URL('../../src/notebook/cellMarks.cases.json', import.meta.url),
    'utf8'
  )
) as ICases;

function codeCell(metadata: Record<string, unknown>): ICodeCell {
  return { id: 'c0', index: 0, source: 'x = 1', metadata };
}

/** Where each code cell went: its step, the prelude, parameters, metrics, or left out. */
function placeOf(draft: IPipelineDraft, id: string): string {
  const step = draft.steps.find(s => s.cells.some(c => c.id === id));
  if (step) {
    return step.name;
  }
  const lists: Array<[string, typeof draft.prelude]> = [
    ['[prelude]', draft.prelude],
    ['[parameters]', draft.parameterCells],
    ['[metrics]', draft.metricCells]
  ];
  return lists.find(([, cells]) => cells.some(c => c.id === id))?.[0] ?? '-';
}

describe('the shared cell-mark cases: one cell', () => {
  for (const c of cases.cells) {
    test(c.name, { todo: c.serverTodo }, () => {
      const note = readAnnotation(codeCell(c.metadata));
      assert.deepEqual(
        {
          step: note.step ?? null,
          role: note.role ?? null,
          after: note.after,
          annotated: note.annotated
        },
        c.expected
      );
    });
  }
});

describe('the shared cell-mark cases: a notebook', () => {
  for (const c of cases.notebooks) {
    test(c.name, () => {
      const draft = readNotebook({
        nbformat: 4,
        metadata: {},
        cells: c.cells.map((metadata, i) => ({
          cell_type: 'code',
          id: `c${i}`,
          source: `x${i} = ${i}`,
          metadata
        }))
      });
      assert.deepEqual(
        {
          cells: c.cells.map((_, i) => placeOf(draft, `c${i}`)),
          steps: draft.steps.map(s => ({ name: s.name, after: s.after }))
        },
        c.expected
      );
    });
  }
});

describe('the shared step-name cases', () => {
  for (const c of cases.stepNames) {
    test(JSON.stringify(c.name), () => {
      assert.equal(stepNameProblem(c.name), c.problem);
    });
  }
});
