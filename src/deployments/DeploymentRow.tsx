import {
  caretDownIcon,
  caretRightIcon,
  closeIcon,
  copyIcon
} from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IDeployment } from '../tokens';
import type { IDeploymentActions } from './actions';
import { DeploymentLineage } from './DeploymentLineage';
import {
  DEPLOYMENT_STATUS_LABEL,
  deploymentFacts,
  endpointPaths,
  notReadyReason,
  restartsText
} from './deploymentText';
import { TestRequestForm } from './TestRequestForm';

export interface IDeploymentRowProps {
  deployment: IDeployment;
  actions: IDeploymentActions;
  /** Open the test-request form at first (ready deployments only). */
  initiallyExpanded?: boolean;
}

/**
 * One deployment: status colour, name, target, endpoint URL, where the
 * model came from, what is wrong when it is not ready, Undeploy; a ready
 * one expands into a test-request form.
 */
export function DeploymentRow(props: IDeploymentRowProps): JSX.Element {
  const { deployment: d, actions } = props;
  const [expanded, setExpanded] = React.useState(!!props.initiallyExpanded);
  const ready = d.status === 'ready';
  const testId = `${React.useId()}-test`;
  return (
    <li
      className="jp-cellpipe-Deployment"
      data-status={d.status}
      data-name={d.name}
      aria-busy={d.status === 'deploying'}
    >
      <Headline
        deployment={d}
        expanded={expanded}
        controls={testId}
        onToggle={() => setExpanded(!expanded)}
        onUndeploy={() => actions.undeploy(d.name)}
      />
      <div className="jp-cellpipe-Deployment-target">
        {deploymentFacts(d).join(' · ')}
      </div>
      <Endpoint deployment={d} onCopy={actions.copy} />
      <DeploymentLineage deployment={d} onOpenRun={actions.openRun} />
      <Problems deployment={d} />
      {ready && expanded ? (
        <div id={testId}>
          <TestRequestForm
            deployment={d}
            onSend={(protocol, text) => actions.send(d.name, protocol, text)}
          />
        </div>
      ) : null}
    </li>
  );
}

/** Status dot, name and status (a toggle when ready), and Undeploy. */
function Headline(props: {
  deployment: IDeployment;
  expanded: boolean;
  controls: string;
  onToggle: () => void;
  onUndeploy: () => void;
}): JSX.Element {
  const { deployment: d, expanded } = props;
  const ready = d.status === 'ready';
  return (
    <div className="jp-cellpipe-Deployment-headline">
      <button
        type="button"
        className="jp-cellpipe-Deployment-toggle"
        aria-expanded={ready ? expanded : undefined}
        aria-controls={ready && expanded ? props.controls : undefined}
        disabled={!ready}
        title={ready ? 'Try the endpoint with a test request' : undefined}
        onClick={props.onToggle}
      >
        <Caret ready={ready} expanded={expanded} />
        <span className="jp-cellpipe-StatusDot" aria-hidden="true" />
        <span className="jp-cellpipe-Deployment-name">{d.name}</span>
        <span className="jp-cellpipe-Deployment-status">
          {DEPLOYMENT_STATUS_LABEL[d.status]}
        </span>
      </button>
      <button
        type="button"
        className="jp-cellpipe-IconButton jp-cellpipe-Deployment-undeploy"
        aria-label={`Undeploy ${d.name}`}
        title={`Undeploy ${d.name}`}
        onClick={props.onUndeploy}
      >
        <closeIcon.react tag="span" />
      </button>
    </div>
  );
}

function Caret(props: { ready: boolean; expanded: boolean }): JSX.Element {
  if (!props.ready) {
    return <span className="jp-cellpipe-Deployment-caret" aria-hidden="true" />;
  }
  const Icon = props.expanded ? caretDownIcon : caretRightIcon;
  return <Icon.react tag="span" className="jp-cellpipe-Deployment-caret" />;
}

function Endpoint(props: {
  deployment: IDeployment;
  onCopy: (text: string) => void;
}): JSX.Element | null {
  const { url } = props.deployment;
  if (!url) {
    return null;
  }
  return (
    <div className="jp-cellpipe-Deployment-endpoint">
      <code
        className="jp-cellpipe-Deployment-url"
        title={endpointPaths(props.deployment)}
      >
        {url}
      </code>
      <button
        type="button"
        className="jp-cellpipe-IconButton jp-cellpipe-Deployment-copy"
        aria-label="Copy the endpoint URL"
        title="Copy the endpoint URL"
        onClick={() => props.onCopy(url)}
      >
        <copyIcon.react tag="span" />
      </button>
    </div>
  );
}

function Problems(props: { deployment: IDeployment }): JSX.Element | null {
  const d = props.deployment;
  const reason = notReadyReason(d);
  const restarts = restartsText(d.restarts);
  if (!reason && !restarts && d.warnings.length === 0) {
    return null;
  }
  return (
    <>
      {reason ? (
        <p className="jp-cellpipe-Deployment-reason">{reason}</p>
      ) : null}
      {restarts ? (
        <p className="jp-cellpipe-Deployment-restarts">{restarts}</p>
      ) : null}
      {d.warnings.length > 0 ? (
        <ul className="jp-cellpipe-Deployment-warnings">
          {d.warnings.map(w => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
