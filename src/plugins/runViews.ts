import * as React from 'react';

import { panelActions } from '../panel/panelActions';
import { CurrentPipeline } from '../panel/CurrentPipeline';
import type { PipelinesPanel } from '../panel/PipelinesPanel';
import { runActions } from '../runs/runActions';
import { registerRunWidget } from '../runs/openRunCommand';
import type { ICellpipeContext } from './context';

/** The pipeline graph and runs in the Pipelines panel, and the run widget. */
export function activateRunViews(
  context: ICellpipeContext,
  panel: PipelinesPanel
): void {
  registerRunWidget(context, runActions(context));
  const actions = panelActions(context);
  panel.setPipelineView(connected =>
    React.createElement(CurrentPipeline, {
      registry: context.registry,
      api: context.api,
      socket: context.connection.socket,
      actions,
      connected
    })
  );
}
