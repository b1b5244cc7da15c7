import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import type { ICellOutputs } from '../tokens';

export interface IStepOutputsProps {
  step: string;
  /** The step's cells that showed something, in execution order. */
  cells: readonly ICellOutputs[];
  rendermime: IRenderMimeRegistry;
}

/** What a step's cells showed in the run, cell by cell, rendered by JupyterLab's output area. */
export function StepOutputs(props: IStepOutputsProps): JSX.Element {
  if (props.cells.length === 0) {
    return (
      <p className="jp-cellpipe-Muted">
        The cells of {props.step} showed no outputs.
      </p>
    );
  }
  return (
    <div className="jp-cellpipe-StepOutputs">
      {props.cells.map(c => (
        <CellOutputArea key={c.cellId} cell={c} rendermime={props.rendermime} />
      ))}
    </div>
  );
}

function CellOutputArea(props: {
  cell: ICellOutputs;
  rendermime: IRenderMimeRegistry;
}): JSX.Element {
  const host = React.useRef<HTMLDivElement>(null);
  const [area, setArea] = React.useState<OutputArea | null>(null);
  // A layout effect: its cleanup runs before React removes the host, so the
  // output area can still be detached (Lumino refuses a node already gone).
  React.useLayoutEffect(() => {
    const made = new OutputArea({
      model: new OutputAreaModel({ trusted: false }),
      rendermime: props.rendermime
    });
    Widget.attach(made, host.current!);
    setArea(made);
    return () => made.dispose();
  }, [props.rendermime]);
  React.useEffect(() => {
    if (area) {
      area.model.clear();
      // nbformat outputs, as the server stored them.
      area.model.fromJSON(props.cell.outputs as never);
    }
  }, [area, props.cell.outputs]);
  return (
    <div className="jp-cellpipe-StepOutputs-cell">
      <div className="jp-cellpipe-StepOutputs-label">
        Cell {props.cell.cellIndex + 1}
      </div>
      <div ref={host} />
    </div>
  );
}
