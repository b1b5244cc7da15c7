import { readPipelineMetadata } from '../spec/migrations.js';
import type {
  PipelineMetadata,
  StepProperties
} from '../spec/pipelineSchema.js';
import { error, warning, type Problem } from '../spec/problems.js';
import { readAnnotation, type CellRole } from './annotations.js';
import {
  KALE_METADATA_KEY,
  readKaleSettings,
  withKaleDefaults,
  type IKaleSettings
} from './kaleSettings.js';
import { codeCells, NotebookSchema, type ICodeCell } from './notebookSchema.js';

/** A step as the cells declare it, before dependency analysis. */
export interface IDraftStep {
  name: string;
  cells: ICodeCell[];
  after: string[];
  /** From Kale tags on the step's cells (image:, limit:, cache:, …). */
  tagProperties: StepProperties;
}

/** A Kale `notebook:NAME` cell: the notebook it names is composed into this pipeline there. */
export interface INotebookReference {
  name: string;
  /** Its `notebook_path` metadata, else `NAME.ipynb`; relative to this notebook's folder. */
  path: string;
  cell: ICodeCell;
  /** How many of this notebook's steps come before it: its steps are inserted there. */
  stepsBefore: number;
}

/** What a notebook says about its pipeline, read without running any Python. */
export interface IPipelineDraft {
  cells: ICodeCell[];
  steps: IDraftStep[];
  /** imports and functions cells, prepended to every step. */
  prelude: ICodeCell[];
  parameterCells: ICodeCell[];
  metricCells: ICodeCell[];
  /** Cellpipe's pipeline metadata, Kale's kubeflow_notebook settings under it. */
  metadata: PipelineMetadata;
  /** `notebook:` cells, in reading order; the compile service composes them (composeDrafts). */
  references: INotebookReference[];
  problems: Problem[];
}

type Context =
  | { kind: 'step'; step: IDraftStep }
  | { kind: 'role'; role: CellRole }
  | { kind: 'none' };

function emptyDraft(problems: Problem[]): IPipelineDraft {
  return {
    cells: [],
    steps: [],
    prelude: [],
    parameterCells: [],
    metricCells: [],
    metadata: { version: 1 },
    references: [],
    problems
  };
}

/** Parses notebook JSON; a notebook that is not nbformat 4 becomes a problem. */
export function readNotebook(json: unknown): IPipelineDraft {
  const parsed = NotebookSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return emptyDraft([
      error(
        'invalid-notebook',
        `not a Jupyter notebook (nbformat 4)${where}: ${issue.message}`,
        { path: issue.path.join('.') || 'notebook' }
      )
    ]);
  }
  const notebook = parsed.data;
  if (notebook.nbformat !== undefined && notebook.nbformat !== 4) {
    return emptyDraft([
      error(
        'invalid-notebook',
        `nbformat ${notebook.nbformat} notebooks are not supported: open and save it with JupyterLab to convert it to nbformat 4`,
        { path: 'nbformat' }
      )
    ]);
  }
  const cellpipe = notebook.metadata?.cellpipe;
  const pipelineMeta =
    typeof cellpipe === 'object' && cellpipe !== null
      ? (cellpipe as Record<string, unknown>).pipeline
      : undefined;
  const { metadata, problems } = readPipelineMetadata(pipelineMeta);
  const kale = readKaleSettings(notebook.metadata?.[KALE_METADATA_KEY]);
  const draft = emptyDraft([...problems, ...kale.problems]);
  draft.metadata = withKaleSettings(metadata, kale);
  draft.cells = codeCells(notebook);
  assignCells(draft);
  for (const step of draft.steps) {
    step.tagProperties = withKaleDefaults(kale.defaults, step.tagProperties);
  }
  return draft;
}

/** Kale's name and step defaults where Cellpipe's own metadata says nothing. */
function withKaleSettings(
  metadata: PipelineMetadata,
  kale: IKaleSettings
): PipelineMetadata {
  const name = metadata.name ?? kale.name;
  const defaults = { ...kale.defaults, ...metadata.defaults };
  return {
    ...metadata,
    ...(name !== undefined && { name }),
    ...(Object.keys(defaults).length > 0 && { defaults })
  };
}

/**
 * Walks the code cells; an unannotated cell continues whatever is above it.
 * Skipped cells and Kale's `notebook:` references (kept for composition) are
 * transparent, as in Kale: the cells after them continue what was above.
 */
function assignCells(draft: IPipelineDraft): void {
  const byName = new Map<string, IDraftStep>();
  let context: Context = { kind: 'none' };
  const orphans: ICodeCell[] = [];
  for (const cell of draft.cells) {
    const note = readAnnotation(cell);
    draft.problems.push(...note.problems);
    if (note.notebooks.length > 0) {
      draft.references.push(...referencesOf(cell, note.notebooks, draft));
      continue;
    }
    if (note.role === 'skip') {
      continue;
    }
    if (note.role) {
      context = { kind: 'role', role: note.role };
    } else if (note.step) {
      let step = byName.get(note.step);
      if (!step) {
        step = { name: note.step, cells: [], after: [], tagProperties: {} };
        byName.set(note.step, step);
        draft.steps.push(step);
      } else if (context.kind !== 'step' || context.step !== step) {
        draft.problems.push(nameAgain(step, cell, context));
      }
      context = { kind: 'step', step };
    }
    placeCell(draft, context, cell, orphans);
    if (context.kind === 'step') {
      const step = context.step;
      step.after.push(...note.after.filter(a => !step.after.includes(a)));
      Object.assign(step.tagProperties, note.properties);
    }
  }
  reportOrphans(draft, orphans);
}

/**
 * A step name used again after other cells: the cells join the earlier step
 * (Kale merges repeated block names on purpose), which is said, since two
 * branches meant as two steps would silently become one.
 */
function nameAgain(
  step: IDraftStep,
  cell: ICodeCell,
  context: Context
): Problem {
  const between =
    context.kind === 'step'
      ? `step "${context.step.name}"`
      : context.kind === 'role'
        ? `the ${context.role} cells`
        : 'other cells';
  const first = step.cells[0];
  return warning(
    'duplicate-step-name',
    `step "${step.name}" is named again at cell ${cell.index + 1}, after ${between}${first ? ` (it starts at cell ${first.index + 1})` : ''}: one name is one step, so these cells join it; rename one if they are two steps`,
    {
      path: `cells.${cell.index}`,
      step: step.name,
      cellId: cell.id,
      cellIndex: cell.index
    }
  );
}

function referencesOf(
  cell: ICodeCell,
  names: string[],
  draft: IPipelineDraft
): INotebookReference[] {
  const path = cell.metadata.notebook_path;
  return names.map(name => ({
    name,
    // notebook_path belongs to the cell: with several names, only the first can use it.
    path:
      typeof path === 'string' && path.length > 0 && name === names[0]
        ? path
        : `${name}.ipynb`,
    cell,
    stepsBefore: draft.steps.length
  }));
}

function placeCell(
  draft: IPipelineDraft,
  context: Context,
  cell: ICodeCell,
  orphans: ICodeCell[]
): void {
  if (context.kind === 'step') {
    context.step.cells.push(cell);
  } else if (context.kind === 'none') {
    orphans.push(cell);
  } else if (context.role === 'imports' || context.role === 'functions') {
    draft.prelude.push(cell);
  } else if (context.role === 'parameters') {
    draft.parameterCells.push(cell);
  } else if (context.role === 'metrics') {
    draft.metricCells.push(cell);
  }
}

function reportOrphans(draft: IPipelineDraft, orphans: ICodeCell[]): void {
  const withCode = orphans.filter(c => c.source.trim().length > 0);
  if (draft.steps.length === 0) {
    draft.problems.push(
      warning(
        'empty-pipeline',
        'no cell is marked as a pipeline step yet: right-click a code cell and choose "Make pipeline step…"',
        { path: 'steps' }
      )
    );
    return;
  }
  if (withCode.length > 0) {
    const list = withCode.map(c => c.index + 1).join(', ');
    draft.problems.push(
      warning(
        'empty-step',
        `cell${withCode.length > 1 ? 's' : ''} ${list} come${withCode.length > 1 ? '' : 's'} before the first step and ${withCode.length > 1 ? 'are' : 'is'} not part of the pipeline: mark ${withCode.length > 1 ? 'them' : 'it'} as a step, as imports, or as skip`,
        {
          path: `cells.${withCode[0].index}`,
          cellId: withCode[0].id,
          cellIndex: withCode[0].index
        }
      )
    );
  }
}
