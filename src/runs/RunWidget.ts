import { MainAreaWidget } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { DeploymentsModel } from '../deployments/DeploymentsModel';
import { RunModel } from '../pipelines/RunModel';
import type { ICellpipe } from '../tokens';
import { pipelineIcon } from '../ui/icons';
import type { IRunActions } from './actions';
import { RunPage } from './RunPage';
import { runTabTitle } from './runTabTitle';

/** The content of a run tab: it makes and owns the live RunModel of its run (its component only draws it). */
export class RunView extends ReactWidget {
  constructor(
    readonly runId: string,
    api: ICellpipe.IApi,
    socket: ICellpipe.IEvents,
    private readonly _actions: IRunActions,
    private readonly _deployments: DeploymentsModel
  ) {
    super();
    this.addClass('jp-cellpipe-RunView');
    this.model = new RunModel(api, socket, runId);
    void this.model.load();
  }

  readonly model: RunModel;

  dispose(): void {
    if (!this.isDisposed) {
      this.model.dispose();
    }
    super.dispose();
  }

  protected render(): JSX.Element {
    return React.createElement(RunPage, {
      model: this.model,
      actions: this._actions,
      deployments: this._deployments
    });
  }
}

export type RunWidget = MainAreaWidget<RunView>;

/** A main-area tab for run `runId`, titled with its name and status. */
export function createRunWidget(
  runId: string,
  api: ICellpipe.IApi,
  socket: ICellpipe.IEvents,
  actions: IRunActions,
  deployments: DeploymentsModel
): RunWidget {
  const content = new RunView(runId, api, socket, actions, deployments);
  const widget = new MainAreaWidget({ content });
  widget.id = `cellpipe-run-${runId}`;
  widget.title.icon = pipelineIcon;
  widget.title.closable = true;
  const retitle = () => {
    const record = content.model.record;
    widget.title.label = record ? runTabTitle(record) : `Run ${runId}`;
    widget.title.caption = record
      ? `Cellpipe run ${record.id} of ${record.notebookPath ?? record.name}`
      : `Cellpipe run ${runId}`;
  };
  retitle();
  content.model.changed.connect(retitle);
  return widget;
}
