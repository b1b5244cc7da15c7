import { downloadIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IArtifact } from '../api/wire';
import { formatBytes } from './format';

export interface IArtifactsViewProps {
  artifacts: readonly IArtifact[];
  onDownload: (artifact: IArtifact) => Promise<void>;
}

/** What the steps stored, with sizes and a Download button each. */
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
            <span className="jp-cellpipe-VisuallyHidden">Download</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.artifacts.map(a => {
          const key = `${a.step}/${a.name}`;
          return (
            <tr key={key}>
              <th scope="row" className="jp-cellpipe-Artifacts-name">
                {a.name}
              </th>
              <td>{a.step}</td>
              <td title={`stored as ${a.format}`}>{a.type}</td>
              <td className="jp-cellpipe-Table-number">
                {formatBytes(a.size)}
              </td>
              <td>
                <button
                  className="jp-mod-styled jp-cellpipe-Artifacts-download"
                  onClick={() => void download(a)}
                  disabled={busy === key}
                  aria-label={`Download ${a.name} of step ${a.step}`}
                >
                  <downloadIcon.react tag="span" />
                  {busy === key ? 'Downloading…' : 'Download'}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
