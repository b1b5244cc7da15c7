import * as React from 'react';

import { deploymentActions } from '../deployments/actions';
import { registerDeployCommands } from '../deployments/deployCommands';
import { DeploymentsSection } from '../deployments/DeploymentsSection';
import type { PipelinesPanel } from '../panel/PipelinesPanel';
import type { ICellpipeContext } from './context';

/** Deploy/undeploy/test commands, the panel's Deployments section, and its live list. */
export function activateDeployments(
  context: ICellpipeContext,
  panel: PipelinesPanel
): void {
  const { connection, deployments } = context;
  registerDeployCommands(context);
  const actions = deploymentActions(context);
  panel.setDeploymentsView(connected =>
    React.createElement(DeploymentsSection, {
      model: deployments,
      actions,
      connected
    })
  );
  // Loaded once per server reached; the socket keeps it live from there,
  // subscribing again from the last seq after a dropped connection.
  let loadedFor: string | null = null;
  connection.changed.connect(() => {
    const state = connection.state;
    if (state.status !== 'connected') {
      loadedFor = null;
    } else if (loadedFor !== state.server) {
      loadedFor = state.server;
      void deployments.load();
    }
  });
}
