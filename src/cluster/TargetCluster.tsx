import * as React from 'react';

import { useSignal } from '../ui/useSignal';
import type { ClusterModel } from './ClusterModel';
import { ClusterStatusLine } from './ClusterStatus';
import { clusterRunWarning } from './clusterSummary';

export interface ITargetClusterProps {
  model: ClusterModel;
  /** Runs `cellpipe:refresh-cluster`. */
  refresh: () => void;
}

/** Under the run dialog's target select when `kubernetes` is chosen: the cluster, and a warning when it cannot run. */
export function TargetCluster(props: ITargetClusterProps): JSX.Element {
  const { model, refresh } = props;
  useSignal(model.changed);
  // A fresh check whenever the target is chosen: permissions change behind our back.
  React.useEffect(() => refresh(), [model, refresh]);
  const warning = clusterRunWarning(model.view.status);
  return (
    <div className="jp-cellpipe-RunDialog-cluster">
      <ClusterStatusLine view={model.view} onRefresh={refresh} />
      {warning ? (
        <p className="jp-cellpipe-RunDialog-warning" role="note">
          {warning}
        </p>
      ) : null}
    </div>
  );
}
