import { downloadIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import { artifactDeploymentTexts } from '../deployments/deploymentText';
import { isModelArtifact } from '../deployments/modelChoices';
import type { IArtifact, IDeployment } from '../tokens';
import { formatBytes } from '../ui/format';
import { deployIcon } from '../ui/icons';

export interface IArtifactsViewProps {
  artifacts: readonly IArtifact[];
  onDownload: (artifact: IArtifact) => Promise<void>;
  /** The run whose artifacts these are. */
  runId?: string;
  /** The run's deployments: a deployed model says so. */
  deployments?: readonly IDeployment[];
  /** Deploy a model artifact (shown for models only). */
  onDeploy?: (artifact: IArtifact) => void;
}

/** What the steps stored, with sizes, a Download button each, and Deploy for models. */
export function ArtifactsView(props: IArtifactsViewProps): JSX.Element {
  const [busy, setBusy] = React.useState<string | null>(null);
  if (props.artifacts.length === 0) {
    return <p className="jp-cellpipe-Muted">No artifacts stored.</p>;
  }
  const download = async (artifact: IArtifact) => {
    setBusy(`${artifact.step}/${artifact.name}`);
    try {
      await props.onDownload(artifact);
    } finally {
      setBusy(null);
    }
  };
  return (
    <table className="jp-cellpipe-Table jp-cellpipe-Artifacts">
      <thead>
        <tr>
          <th scope="col">Artifact</th>
          <th scope="col">Step</th>
          <th scope="col">Type</th>
          <th scope="col" className="jp-cellpipe-Table-number">
            Size
          </th>
          <th scope="col">
            <span className="jp-cellpipe-VisuallyHidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.artifacts.map(a => (
          <ArtifactRow
            key={`${a.step}/${a.name}`}
            artifact={a}
            busy={busy === `${a.step}/${a.name}`}
            deployments={artifactDeploymentTexts(
              props.deployments ?? [],
              props.runId ?? '',
              a
            )}
            onDownload={() => void download(a)}
            onDeploy={
              props.onDeploy && isModelArtifact(a)
                ? () => props.onDeploy?.(a)
                : null
            }
          />
        ))}
      </tbody>
    </table>
  );
}

/** One artifact: name (and where it is deployed), step, type, size, Download, Deploy. */
function ArtifactRow(props: {
  artifact: IArtifact;
  busy: boolean;
  deployments: ReturnType<typeof artifactDeploymentTexts>;
  onDownload: () => void;
  onDeploy: (() => void) | null;
}): JSX.Element {
  const { artifact: a, busy } = props;
  return (
    <tr data-format={a.format}>
      <th scope="row" className="jp-cellpipe-Artifacts-name">
        {a.name}
        <DeployedAs deployments={props.deployments} />
      </th>
      <td>{a.step}</td>
      <td title={`stored as ${a.format}`}>{a.type}</td>
      <td className="jp-cellpipe-Table-number">{formatBytes(a.size)}</td>
      <td>
        <div className="jp-cellpipe-Artifacts-actions">
          <button
            className="jp-mod-styled jp-cellpipe-Artifacts-download"
            onClick={props.onDownload}
            disabled={busy}
            aria-label={`Download ${a.name} of step ${a.step}`}
          >
            <downloadIcon.react tag="span" />
            {busy ? 'Downloading…' : 'Download'}
          </button>
          {props.onDeploy ? (
            <button
              className="jp-mod-styled jp-cellpipe-Artifacts-deploy"
              onClick={props.onDeploy}
              aria-label={`Deploy ${a.name} of step ${a.step}`}
              title="Serve this model as an HTTP endpoint"
            >
              <deployIcon.react tag="span" />
              Deploy…
            </button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

/** `deployed as iris-model (ready)`, one line per deployment of the artifact. */
function DeployedAs(props: {
  deployments: ReturnType<typeof artifactDeploymentTexts>;
}): JSX.Element | null {
  if (props.deployments.length === 0) {
    return null;
  }
  return (
    <ul className="jp-cellpipe-Artifacts-deployments">
      {props.deployments.map(({ deployment: d, text }) => (
        <li
          key={d.name}
          className="jp-cellpipe-Artifacts-deployed"
          data-status={d.status}
        >
          <span className="jp-cellpipe-StatusDot" aria-hidden="true" />
          {text}
        </li>
      ))}
    </ul>
  );
}
