import * as React from 'react';

import type { PipelineRegistry } from '../pipelines/PipelineRegistry';
import { useSignal } from '../ui/useSignal';
import type { IPanelActions } from './actions';
import type { ActiveRunsModel } from './ActiveRunsModel';
import { PipelineSections } from './PipelineSections';

export interface ICurrentPipelineProps {
  registry: PipelineRegistry;
  /** The runs of the active notebook. */
  runs: ActiveRunsModel;
  actions: IPanelActions;
  /** True once the server answered the handshake. */
  connected: boolean;
}

/** The pipeline of the active notebook; follows the notebook in focus. */
export function CurrentPipeline(props: ICurrentPipelineProps): JSX.Element {
  useSignal(props.registry.currentChanged);
  // A notebook can become current before its pipeline exists: draw again once it does.
  useSignal(props.registry.added);
  const pipeline = props.registry.current;
  if (!pipeline) {
    return (
      <p className="jp-cellpipe-PipelinesPanel-hint">
        Open a notebook to see its pipeline here.
      </p>
    );
  }
  return (
    <PipelineSections
      key={pipeline.panel.id}
      pipeline={pipeline}
      runs={props.runs}
      actions={props.actions}
      connected={props.connected}
    />
  );
}
