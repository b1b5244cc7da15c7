import * as React from 'react';

import type { IParameter, IProblem } from '../tokens';
import { TextField } from '../ui/fields';
import { parameterText } from './parameterLines';
import { parameterProblems } from './problems';

export interface IParametersProps {
  parameters: readonly IParameter[];
  problems: readonly IProblem[];
  /** Rewrites `name = value` in the parameters cell. */
  onChange: (name: string, valueText: string) => void;
}

/** The pipeline parameters; editing one rewrites its line in the parameters cell. */
export function ParametersSection(props: IParametersProps): JSX.Element {
  if (props.parameters.length === 0) {
    return (
      <p className="jp-cellpipe-Muted">
        No parameters. Mark a cell of plain assignments (<code>lr = 0.1</code>)
        as the parameters cell to add some.
      </p>
    );
  }
  return (
    <div className="jp-cellpipe-Parameters">
      {props.parameters.map(p => (
        <TextField
          key={p.name}
          label={`${p.name} (${p.type})`}
          value={parameterText(p.default)}
          monospace
          problems={parameterProblems(props.problems, p.name)}
          onCommit={text => props.onChange(p.name, text)}
        />
      ))}
    </div>
  );
}
