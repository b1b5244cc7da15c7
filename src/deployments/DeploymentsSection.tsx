import * as React from 'react';

import { deployIcon } from '../ui/icons';
import { Section } from '../ui/Section';
import { useSignal } from '../ui/useSignal';
import type { IDeploymentActions } from './actions';
import { DeploymentRow } from './DeploymentRow';
import type { DeploymentsModel } from './DeploymentsModel';

export interface IDeploymentsSectionProps {
  model: DeploymentsModel;
  actions: IDeploymentActions;
  /** True once the server answered the handshake. */
  connected: boolean;
}

/** The Pipelines panel's "Deployments": every model the server serves, live. */
export function DeploymentsSection(
  props: IDeploymentsSectionProps
): JSX.Element | null {
  const { model, actions } = props;
  useSignal(model.changed);
  if (!props.connected && !model.loaded) {
    return null;
  }
  const deployments = model.deployments;
  return (
    <Section
      title="Deployments"
      badge={deployments.length}
      className="jp-cellpipe-DeploymentsSection"
      actions={
        <button
          type="button"
          className="jp-cellpipe-IconButton jp-cellpipe-DeploymentsSection-deploy"
          aria-label="Deploy a model of the active notebook"
          title="Deploy a model of the active notebook"
          onClick={actions.deploy}
        >
          <deployIcon.react tag="span" />
        </button>
      }
    >
      {model.error ? (
        <p className="jp-cellpipe-Error">
          Deployments unavailable: {model.error}
        </p>
      ) : null}
      {deployments.length === 0 && !model.error ? (
        <p className="jp-cellpipe-Muted">
          No models deployed. Deploy one from the notebook toolbar (Deploy
          model) or from a run’s artifacts.
        </p>
      ) : (
        <ul className="jp-cellpipe-Deployments">
          {deployments.map(d => (
            <DeploymentRow key={d.name} deployment={d} actions={actions} />
          ))}
        </ul>
      )}
    </Section>
  );
}
