import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { Panel, Widget } from '@lumino/widgets';

import type { CellOutput } from '../tokens';

export interface IRunOutputsProps {
  runTitle: string;
  runId: string;
  outputs: readonly CellOutput[];
  /** False: the kernel's outputs are shown, with a way to the run's. */
  showing: boolean;
  onToggle: (show: boolean) => void;
}

/**
 * A cell's outputs from a run, under its input where the kernel's outputs
 * would be, rendered by JupyterLab's own output area and marked with the
 * run they came from and a way back to the kernel's outputs.
 */
export class RunOutputsView extends Panel {
  constructor(rendermime: IRenderMimeRegistry) {
    super();
    this.addClass('jp-cellpipe-RunOutputs');
    this._bar.addClass('jp-cellpipe-RunOutputs-bar');
    this._area = new OutputArea({
      model: new OutputAreaModel({ trusted: false }),
      rendermime
    });
    this._area.addClass('jp-cellpipe-RunOutputs-area');
    this.addWidget(this._bar);
    this.addWidget(this._area);
  }

  render(props: IRunOutputsProps): void {
    this._renderBar(props);
    this._area.setHidden(!props.showing);
    if (props.showing && props.outputs !== this._shown) {
      this._shown = props.outputs;
      this._area.model.clear();
      // nbformat outputs, as the server stored them.
      this._area.model.fromJSON(props.outputs as never);
    }
  }

  private _renderBar(props: IRunOutputsProps): void {
    const node = this._bar.node;
    node.textContent = '';
    const label = document.createElement('span');
    label.className = 'jp-cellpipe-RunOutputs-label';
    label.textContent = props.showing
      ? `Outputs of run “${props.runTitle}”`
      : `Kernel outputs · run “${props.runTitle}” has outputs for this cell`;
    label.title = `run ${props.runId}`;
    const button = document.createElement('button');
    button.className = 'jp-cellpipe-RunOutputs-toggle jp-mod-styled';
    button.textContent = props.showing
      ? 'Show kernel outputs'
      : 'Show run outputs';
    button.onclick = () => props.onToggle(!props.showing);
    node.append(label, button);
  }

  private readonly _bar = new Widget();
  private readonly _area: OutputArea;
  private _shown: readonly CellOutput[] | null = null;
}
