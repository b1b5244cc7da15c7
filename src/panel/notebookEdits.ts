import type { ICellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';

import type { IStepProperties } from '../tokens';
import { findAssignment, findParameterCell } from './parameterLines';
import {
  NOTEBOOK_METADATA_KEY,
  StepPropertyKey,
  stepPropertiesOf,
  withLayoutPosition,
  withStepProperties
} from './pipelineMetadata';

/**
 * The thin layer between the panel and a notebook: writing what the panel
 * edits. The decisions are in the pure modules.
 */

/** The step's own properties, as stored in the notebook metadata. */
export function readStepProperties(
  panel: NotebookPanel,
  step: string
): IStepProperties {
  return stepPropertiesOf(
    panel.context.model.getMetadata(NOTEBOOK_METADATA_KEY),
    step
  );
}

/** Replaces the notebook's Cellpipe metadata with `edit` of it. */
function updateCellpipeMetadata(
  panel: NotebookPanel,
  edit: (current: unknown) => Record<string, unknown>
): void {
  const model = panel.context.model;
  model.setMetadata(
    NOTEBOOK_METADATA_KEY,
    edit(model.getMetadata(NOTEBOOK_METADATA_KEY))
  );
}

export function writeStepProperties(
  panel: NotebookPanel,
  step: string,
  patch: Partial<Record<StepPropertyKey, unknown>>
): void {
  updateCellpipeMetadata(panel, current =>
    withStepProperties(current, step, patch)
  );
}

export function writeLayoutPosition(
  panel: NotebookPanel,
  step: string,
  position: { x: number; y: number }
): void {
  updateCellpipeMetadata(panel, current =>
    withLayoutPosition(current, step, position)
  );
}

/**
 * Rewrites `name = ...` in the parameters cell; false when no parameters
 * cell assigns `name` (the source was changed since the last compile).
 */
export function writeParameter(
  panel: NotebookPanel,
  name: string,
  valueText: string
): boolean {
  const models: ICellModel[] = [];
  const cells = panel.content.widgets.map(widget => {
    models.push(widget.model);
    return {
      cell_type: widget.model.type,
      source: widget.model.sharedModel.getSource(),
      metadata: { ...widget.model.metadata } as Record<string, unknown>
    };
  });
  const index = findParameterCell(cells, name);
  if (index === null) {
    return false;
  }
  const found = findAssignment(cells[index].source, name);
  if (!found) {
    return false;
  }
  models[index].sharedModel.updateSource(
    found.valueStart,
    found.valueEnd,
    valueText.trim()
  );
  return true;
}
