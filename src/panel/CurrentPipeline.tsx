import * as React from 'react';

import type { CellpipeApi } from '../api/CellpipeApi';
import type { EventSocket } from '../api/EventSocket';
import type { PipelineRegistry } from '../pipelines/PipelineRegistry';
import type { IPanelActions } from './actions';
import { PipelineSections } from './PipelineSections';
import { useSignal } from '../ui/useSignal';

export interface ICurrentPipelineProps {
  registry: PipelineRegistry;
  api: CellpipeApi;
  socket: EventSocket;
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
      api={props.api}
      socket={props.socket}
      actions={props.actions}
      connected={props.connected}
    />
  );
}
