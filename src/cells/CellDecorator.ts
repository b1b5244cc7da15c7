import type { Cell } from '@jupyterlab/cells';
import type { ISignal } from '@lumino/signaling';
import { PanelLayout, Widget } from '@lumino/widgets';

import type { NotebookPipeline } from '../pipelines/NotebookPipeline';
import { outputsByCell } from '../pipelines/runOutputs';
import type { CellOutput } from '../tokens';
import { RunOutputsView } from './RunOutputsView';
import { renderChip, renderDetails, tickChips } from './cellDecorationDom';
import { editedSteps } from './editedSteps';
import {
  CELL_METADATA_KEY,
  memberships,
  readMarks,
  TAGS_KEY,
  type CellRole
} from './cellMarks';
import {
  cellDecorations,
  roleStarts,
  type ICellDecoration
} from './decorations';

/** What the decorator added to one cell widget, so it can update or remove it. */
interface ICellParts {
  classes: string[];
  header: Widget | null;
  headerKey: string;
  details: Widget | null;
  detailsKey: string;
  expanded: boolean;
  runOutputs: RunOutputsView | null;
}

const INPUT_WRAPPER_CLASS = 'jp-Cell-inputWrapper';
/** On a cell whose kernel outputs are hidden behind the shown run's. */
const SHOWS_RUN_CLASS = 'jp-cellpipe-RunOutputsShown';

/**
 * Keeps the code cells of one notebook decorated with the pipeline: status
 * classes on the cell node, a chip above each step's first cell, problems
 * and errors under the input. Widgets and DOM only: the notebook model is
 * never written. Re-renders after compiles, run events and cell changes.
 */
export class CellDecorator {
  constructor(private readonly pipeline: NotebookPipeline) {
    const notebook = pipeline.panel.content;
    pipeline.changed.connect(this._schedule, this);
    notebook.modelChanged.connect(this._onModelChanged, this);
    this._onModelChanged();
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this.pipeline.changed.disconnect(this._schedule, this);
    this.pipeline.panel.content.modelChanged.disconnect(
      this._onModelChanged,
      this
    );
    this._cellsSource?.disconnect(this._schedule, this);
    cancelAnimationFrame(this._frame);
    clearInterval(this._ticker);
    for (const [cell, parts] of this._parts) {
      this._clear(cell, parts);
    }
    this._parts.clear();
  }

  private _onModelChanged(): void {
    this._cellsSource?.disconnect(this._schedule, this);
    this._cellsSource =
      this.pipeline.panel.content.model?.cells.changed ?? null;
    this._cellsSource?.connect(this._schedule, this);
    this._schedule();
  }

  private _schedule(): void {
    if (this._disposed || this._frame) {
      return;
    }
    this._frame = requestAnimationFrame(() => {
      this._frame = 0;
      this._render();
    });
  }

  /** The cells that start an imports/parameters/metrics/skip region (from their marks). */
  private _roleStarts(): Map<string, CellRole> {
    const code = this.pipeline.panel.content.widgets.filter(
      c => c.model.type === 'code'
    );
    const marks = code.map(c =>
      readMarks(
        c.model.getMetadata(CELL_METADATA_KEY),
        c.model.getMetadata(TAGS_KEY)
      )
    );
    return roleStarts(
      code.map(c => c.model.id),
      memberships(marks)
    );
  }

  /** The code cells' current sources, by cell id. */
  private _sources(): Map<string, string> {
    return new Map(
      this.pipeline.panel.content.widgets
        .filter(c => c.model.type === 'code')
        .map(c => [c.model.id, c.model.sharedModel.getSource()])
    );
  }

  private _render(): void {
    const decorations = cellDecorations(
      this.pipeline.compile,
      this.pipeline.activeRun?.record ?? null,
      this.pipeline.runProblems,
      this._roleStarts(),
      editedSteps(
        this.pipeline.compile,
        this.pipeline.activeRun?.sources ?? null,
        this._sources()
      )
    );
    const outputs = outputsByCell(this.pipeline.activeRun?.outputs ?? null);
    const seen = new Set<Cell>();
    for (const cell of this.pipeline.panel.content.widgets) {
      seen.add(cell);
      const d =
        cell.model.type === 'code' ? decorations.get(cell.model.id) : undefined;
      this._apply(cell, d);
      this._applyRunOutputs(cell, outputs.get(cell.model.id)?.outputs ?? null);
    }
    for (const [cell, parts] of this._parts) {
      if (!seen.has(cell)) {
        this._clear(cell, parts);
        this._parts.delete(cell);
      }
    }
    const running = [...decorations.values()].some(d => d.status === 'running');
    this._setTicking(running);
  }

  private _apply(cell: Cell, d: ICellDecoration | undefined): void {
    const parts = this._parts.get(cell) ?? {
      classes: [],
      header: null,
      headerKey: '',
      details: null,
      detailsKey: '',
      expanded: false,
      runOutputs: null
    };
    this._parts.set(cell, parts);
    const classes = d?.step
      ? ['jp-cellpipe-Cell', `jp-cellpipe-Cell-${d.status ?? 'idle'}`]
      : [];
    parts.classes
      .filter(c => !classes.includes(c))
      .forEach(c => cell.removeClass(c));
    classes.forEach(c => cell.addClass(c));
    parts.classes = classes;
    if (inputWrapperIndex(cell) === null) {
      // Not rendered yet (windowed notebook): decorate once it is.
      void cell.ready.then(() => this._schedule());
      return;
    }
    this._applyHeader(cell, parts, d?.first && (d.step || d.role) ? d : null);
    this._applyDetails(
      cell,
      parts,
      d && (d.error || d.problems.length > 0) ? d : null
    );
  }

  private _applyHeader(
    cell: Cell,
    parts: ICellParts,
    d: ICellDecoration | null
  ): void {
    if (!d) {
      parts.header?.dispose();
      parts.header = null;
      return;
    }
    const key = JSON.stringify([
      d.step,
      d.role,
      d.status,
      d.startedAt,
      d.durationMs,
      d.reason,
      d.editedCell,
      d.metrics
    ]);
    if (!parts.header) {
      parts.header = insertAt(cell, 'jp-cellpipe-CellHeader', 0);
      parts.headerKey = '';
    }
    if (key !== parts.headerKey) {
      renderChip(parts.header.node, d, Date.now());
      parts.headerKey = key;
    }
  }

  private _applyDetails(
    cell: Cell,
    parts: ICellParts,
    d: ICellDecoration | null
  ): void {
    if (!d) {
      parts.details?.dispose();
      parts.details = null;
      parts.expanded = false;
      return;
    }
    const source = d.error ? cell.model.sharedModel.getSource() : '';
    const key = JSON.stringify([d.step, d.error, d.problems, source]);
    if (!parts.details) {
      parts.details = insertAt(cell, 'jp-cellpipe-CellDetails', 1);
      parts.detailsKey = '';
    }
    if (key !== parts.detailsKey) {
      renderDetails(parts.details.node, d, source, parts.expanded, open => {
        parts.expanded = open;
      });
      parts.detailsKey = key;
    }
  }

  /** The shown run's outputs of this cell, in place of the kernel's (see RunOutputsView). */
  private _applyRunOutputs(
    cell: Cell,
    outputs: readonly CellOutput[] | null
  ): void {
    const parts = this._parts.get(cell);
    const run = this.pipeline.activeRun?.record;
    if (!parts || inputWrapperIndex(cell) === null) {
      return;
    }
    if (!outputs || !run) {
      parts.runOutputs?.dispose();
      parts.runOutputs = null;
      cell.removeClass(SHOWS_RUN_CLASS);
      return;
    }
    if (!parts.runOutputs) {
      parts.runOutputs = new RunOutputsView(
        this.pipeline.panel.content.rendermime
      );
      (cell.layout as PanelLayout).addWidget(parts.runOutputs);
    }
    const showing = this.pipeline.showRunOutputs;
    cell.toggleClass(SHOWS_RUN_CLASS, showing);
    parts.runOutputs.render({
      runTitle: run.title,
      runId: run.id,
      outputs,
      showing,
      onToggle: show => {
        this.pipeline.showRunOutputs = show;
      }
    });
  }

  private _clear(cell: Cell, parts: ICellParts): void {
    parts.header?.dispose();
    parts.details?.dispose();
    parts.runOutputs?.dispose();
    if (!cell.isDisposed) {
      parts.classes.forEach(c => cell.removeClass(c));
      cell.removeClass(SHOWS_RUN_CLASS);
    }
  }

  private _setTicking(on: boolean): void {
    if (on && !this._ticker) {
      this._ticker = window.setInterval(
        () => tickChips(this.pipeline.panel.content.node, Date.now()),
        1000
      );
    } else if (!on && this._ticker) {
      clearInterval(this._ticker);
      this._ticker = 0;
    }
  }

  private _disposed = false;
  private _frame = 0;
  private _ticker = 0;
  private _cellsSource: ISignal<unknown, unknown> | null = null;
  private readonly _parts = new Map<Cell, ICellParts>();
}

/** The index of the input wrapper in the cell's layout (null before the cell renders). */
function inputWrapperIndex(cell: Cell): number | null {
  const layout = cell.layout as PanelLayout | null;
  const i =
    layout?.widgets.findIndex(w => w.hasClass(INPUT_WRAPPER_CLASS)) ?? -1;
  return i >= 0 ? i : null;
}

/** A widget right before (0) or right after (1) the cell's input. */
function insertAt(cell: Cell, className: string, after: 0 | 1): Widget {
  const widget = new Widget();
  widget.addClass(className);
  const layout = cell.layout as PanelLayout;
  layout.insertWidget((inputWrapperIndex(cell) ?? 0) + after, widget);
  return widget;
}
