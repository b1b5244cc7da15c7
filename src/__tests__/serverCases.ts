import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Test fixture: the cases the server's readers are tested against
 * (server/src/notebook/cellMarks.cases.json, read by its
 * cellMarks.cases.test.ts too). The frontend's readers must agree with them.
 */

export interface ICellCase {
  name: string;
  metadata: Record<string, unknown>;
  expected: {
    step: string | null;
    role: string | null;
    after: string[];
    annotated: boolean;
  };
  /** A known divergence of the server's reader (the frontend must still pass). */
  serverTodo?: string;
}

export interface INotebookCase {
  name: string;
  /** The metadata of each code cell, in notebook order. */
  cells: Array<Record<string, unknown>>;
  expected: {
    /** A step name, `[prelude]`, `[parameters]`, `[metrics]`, or `-` (left out). */
    cells: string[];
    steps: Array<{ name: string; after: string[] }>;
  };
}

export interface IServerCases {
  cells: ICellCase[];
  notebooks: INotebookCase[];
  stepNames: Array<{ name: string; problem: string | null }>;
}

export const serverCases = JSON.parse(
  readFileSync(
    join(__dirname, '../../server/src/notebook/cellMarks.cases.json'),
    'utf8'
  )
) as IServerCases;
