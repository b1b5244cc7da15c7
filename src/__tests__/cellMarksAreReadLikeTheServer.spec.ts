import {
  isPipelineTag,
  memberships,
  readCellMark,
  readMarks,
  type ICellMarks,
  type Membership
} from '../cells/cellMarks';
import { explicitAfter, stepNames } from '../cells/stepDependencies';
import { serverCases } from './serverCases';

/** A cell's marks from its metadata, as the notebook model holds them. */
function marksOf(metadata: Record<string, unknown>): ICellMarks {
  return readMarks(metadata.cellpipe, metadata.tags);
}

/** Where a cell goes, in the server's words (readNotebook's lists). */
function placeOf(m: Membership): string {
  if (m.kind === 'step') {
    return m.step;
  }
  if (m.kind === 'none' || m.role === 'skip') {
    return '-';
  }
  return m.role === 'imports' || m.role === 'functions'
    ? '[prelude]'
    : `[${m.role}]`;
}

describe('a cell mark is read as the server reads it (shared cases)', () => {
  it.each(serverCases.cells.map(c => [c.name, c] as const))('%s', (_, c) => {
    expect(readCellMark(marksOf(c.metadata))).toEqual(c.expected);
  });
});

describe("Kale's rule is applied as the server applies it (shared cases)", () => {
  it.each(serverCases.notebooks.map(c => [c.name, c] as const))(
    '%s',
    (_, c) => {
      const cells = c.cells.map(marksOf);
      expect({
        cells: memberships(cells).map(placeOf),
        steps: stepNames(cells).map(name => ({
          name,
          after: explicitAfter(cells, name)
        }))
      }).toEqual(c.expected);
    }
  );
});

describe('the tags "Remove from pipeline" clears', () => {
  it.each([
    ['block:a', true],
    ['prev:a', true],
    ['image:python:3.11', true],
    ['limit:memory:2Gi', true],
    ['imports', true],
    ['hide-input', false],
    ['block:', false],
    ['toString', false],
    ['block:imports', true],
    ['cache:disabled', true],
    ['secret:db:password:DB_PASSWORD', true],
    ['label:team:ml', true],
    ['annotation:owner:me', true],
    ['report:enabled', true],
    ['notebook:notebook_a', true],
    ['notebook:', false]
  ])('tag %p is a pipeline tag: %p', (tag, expected) => {
    expect(isPipelineTag(tag)).toBe(expected);
  });
});
