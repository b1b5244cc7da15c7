import * as React from 'react';

import type { IDeployment } from '../tokens';

type ModelSource = Pick<IDeployment, 'runId' | 'step' | 'artifact'>;

/**
 * Where a deployment's model came from, the run clickable; while a KServe
 * canary rolls out, the new model with its share and the stable one with
 * the rest of the traffic.
 */
export function DeploymentLineage(props: {
  deployment: IDeployment;
  onOpenRun: (runId: string) => void;
}): JSX.Element {
  const { deployment: d, onOpenRun } = props;
  const percent = d.canaryTrafficPercent;
  if (percent === null || !d.stable) {
    return (
      <div className="jp-cellpipe-Deployment-lineage">
        <Source prefix="from run " source={d} onOpenRun={onOpenRun} />
      </div>
    );
  }
  return (
    <div className="jp-cellpipe-Deployment-lineage" data-canary={percent}>
      <span className="jp-cellpipe-Deployment-canary">
        <Source
          prefix={`canary ${percent}% · from run `}
          source={d}
          onOpenRun={onOpenRun}
        />
      </span>
      <span>; </span>
      <span className="jp-cellpipe-Deployment-stable">
        <Source
          prefix={`stable ${100 - percent}% · from run `}
          source={d.stable}
          onOpenRun={onOpenRun}
        />
      </span>
    </div>
  );
}

/** `<prefix>RUN · step STEP · ARTIFACT`, RUN opening the run. */
function Source(props: {
  prefix: string;
  source: ModelSource;
  onOpenRun: (runId: string) => void;
}): JSX.Element {
  const { runId, step, artifact } = props.source;
  return (
    <>
      <span>{props.prefix}</span>
      <button
        type="button"
        className="jp-cellpipe-TextButton jp-cellpipe-Deployment-run"
        title={`Open run ${runId}`}
        onClick={() => props.onOpenRun(runId)}
      >
        {runId}
      </button>
      <span>
        {' '}
        · step {step} · {artifact}
      </span>
    </>
  );
}
