import { addIcon, closeIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IEnvVar, IProblem } from '../tokens';
import { FieldProblems } from '../ui/fields';
import { envVarsValue } from './pipelineMetadata';

export interface IEnvVarsFieldProps {
  value: readonly IEnvVar[];
  problems: readonly IProblem[];
  /** The rows to store (rows without a name are dropped), or undefined: none. */
  onCommit: (rows: IEnvVar[] | undefined) => void;
}

/** Environment variables of a step as name/value rows. */
export function EnvVarsField(props: IEnvVarsFieldProps): JSX.Element {
  const { value, onCommit } = props;
  const [rows, setRows] = React.useState<IEnvVar[]>(() => [...value]);
  // Reset only when the stored rows change (the array is new on every render).
  const stored = JSON.stringify(value);
  React.useEffect(() => setRows(JSON.parse(stored) as IEnvVar[]), [stored]);
  const id = React.useId();
  const commit = (next: IEnvVar[]) => {
    if (JSON.stringify(envVarsValue(next) ?? []) !== stored) {
      onCommit(envVarsValue(next));
    }
  };
  const edit = (i: number, patch: Partial<IEnvVar>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="jp-cellpipe-Field jp-cellpipe-EnvVars">
      <legend>Environment variables</legend>
      {rows.map((row, i) => (
        <div className="jp-cellpipe-EnvVars-row" key={i}>
          <input
            className="jp-mod-styled jp-cellpipe-Field-code"
            aria-label={`Name of variable ${i + 1}`}
            placeholder="NAME"
            value={row.env_var}
            onChange={e => edit(i, { env_var: e.target.value })}
            onBlur={() => commit(rows)}
          />
          <input
            className="jp-mod-styled jp-cellpipe-Field-code"
            aria-label={`Value of variable ${i + 1}`}
            placeholder="value"
            value={row.value}
            onChange={e => edit(i, { value: e.target.value })}
            onBlur={() => commit(rows)}
          />
          <button
            className="jp-cellpipe-IconButton"
            aria-label={`Remove variable ${row.env_var || i + 1}`}
            title="Remove"
            onClick={() => {
              const next = rows.filter((_, j) => j !== i);
              setRows(next);
              commit(next);
            }}
          >
            <closeIcon.react tag="span" />
          </button>
        </div>
      ))}
      <button
        className="jp-cellpipe-TextButton"
        onClick={() => setRows([...rows, { env_var: '', value: '' }])}
      >
        <addIcon.react tag="span" /> Add variable
      </button>
      <FieldProblems id={`${id}-problems`} problems={props.problems} />
    </fieldset>
  );
}
