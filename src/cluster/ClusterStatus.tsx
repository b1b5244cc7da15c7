import { refreshIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import { useSignal } from '../ui/useSignal';
import type { ClusterModel, IClusterView } from './ClusterModel';
import { summarizeCluster } from './clusterSummary';

export interface IClusterStatusLineProps {
  view: IClusterView;
  /** Shows a refresh button when given (bound to `cellpipe:refresh-cluster`). */
  onRefresh?: () => void;
  /**
   * For people who did not choose Kubernetes (the panel): no configuration
   * at all is one quiet line with a "how to", not a red alarm.
   */
  quiet?: boolean;
}

/** The Kubernetes target in one line: coloured dot, version, namespace, and what is missing. */
export function ClusterStatusLine(props: IClusterStatusLineProps): JSX.Element {
  const { view, onRefresh } = props;
  const summary = summarizeCluster(view);
  if (props.quiet && view.status && !view.status.configured) {
    return (
      <section className="jp-cellpipe-Cluster" data-tone="off">
        <details className="jp-cellpipe-Cluster-quiet">
          <summary>
            Kubernetes: not configured <span>(how to)</span>
          </summary>
          <p>
            Steps run on this machine. To run them on a cluster, give the server
            a kubeconfig ({summary.issues.join('; ')}) and refresh.
          </p>
        </details>
      </section>
    );
  }
  return (
    <section
      className="jp-cellpipe-Cluster"
      data-tone={summary.tone}
      aria-live="polite"
      aria-busy={view.loading}
    >
      <div className="jp-cellpipe-Cluster-headline">
        <span className="jp-cellpipe-Cluster-dot" aria-hidden="true" />
        <span
          className="jp-cellpipe-Cluster-title"
          title={view.status?.server ?? undefined}
        >
          {summary.headline}
        </span>
        {summary.facts.length > 0 ? (
          <span className="jp-cellpipe-Cluster-facts">
            {summary.facts.join(' · ')}
          </span>
        ) : null}
        {onRefresh ? (
          <button
            type="button"
            className="jp-cellpipe-IconButton jp-cellpipe-Cluster-refresh"
            aria-label="Check the Kubernetes cluster again"
            title="Check the Kubernetes cluster again"
            onClick={onRefresh}
          >
            <refreshIcon.react tag="span" />
          </button>
        ) : null}
      </div>
      {summary.issues.length > 0 ? (
        <ul className="jp-cellpipe-Cluster-issues">
          {summary.issues.map(issue => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The status line kept in step with the shared model. */
export function ClusterStatus(props: {
  model: ClusterModel;
  onRefresh?: () => void;
  quiet?: boolean;
}): JSX.Element {
  useSignal(props.model.changed);
  return (
    <ClusterStatusLine
      view={props.model.view}
      onRefresh={props.onRefresh}
      quiet={props.quiet}
    />
  );
}
