import * as React from 'react';

import type { ICompiledStep, IProblem, IStepProperties } from '../tokens';
import { CheckboxField, TextField } from '../ui/fields';
import { EnvVarsField } from './EnvVarsField';
import {
  parsePropertyInput,
  propertyText,
  StepPropertyKey
} from './pipelineMetadata';
import { propertyProblems } from './problems';

type TextKey = Exclude<StepPropertyKey, 'disable_node_caching' | 'env_vars'>;

/** The text properties the editor shows, with Elyra's names underneath. */
const TEXT_FIELDS: { key: TextKey; label: string; placeholder: string }[] = [
  { key: 'runtime_image', label: 'Image', placeholder: 'python:3.11-slim' },
  { key: 'cpu', label: 'CPU', placeholder: 'e.g. 0.5 or 500m' },
  { key: 'memory', label: 'Memory', placeholder: 'e.g. 4Gi (a number is GB)' },
  { key: 'gpu', label: 'GPUs', placeholder: 'e.g. 1' },
  { key: 'retries', label: 'Retries', placeholder: 'e.g. 2' },
  {
    key: 'timeout_seconds',
    label: 'Timeout (seconds)',
    placeholder: 'e.g. 3600'
  },
  {
    key: 'packages',
    label: 'Packages (pip, Kubernetes)',
    placeholder: 'e.g. xgboost scikit-learn>=1.5'
  }
];

export interface IStepPropertiesProps {
  /** The compiled step: its effective properties are the placeholders. */
  step: ICompiledStep;
  /** The step's own entry in the notebook metadata (what is edited). */
  own: IStepProperties;
  problems: readonly IProblem[];
  onChange: (patch: Partial<Record<StepPropertyKey, unknown>>) => void;
  onShowCells: () => void;
}

/**
 * Edits `metadata.cellpipe.pipeline.steps[name]`: an empty field removes
 * the property, so the step inherits the pipeline default again.
 */
export function StepProperties(props: IStepPropertiesProps): JSX.Element {
  const { step, own, problems, onChange } = props;
  const inherited = step.properties;
  return (
    <div className="jp-cellpipe-StepProperties" data-step={step.name}>
      <p className="jp-cellpipe-StepProperties-summary">
        <button className="jp-cellpipe-TextButton" onClick={props.onShowCells}>
          {step.cells.length} {step.cells.length === 1 ? 'cell' : 'cells'}
        </button>
        {step.inputs.length > 0 ? ` · in: ${step.inputs.join(', ')}` : ''}
        {step.outputs.length > 0 ? ` · out: ${step.outputs.join(', ')}` : ''}
      </p>
      {TEXT_FIELDS.map(field => (
        <TextField
          key={`${step.name}:${field.key}`}
          label={field.label}
          value={propertyText(own[field.key])}
          placeholder={placeholder(inherited[field.key], field.placeholder)}
          problems={propertyProblems(problems, step.name, field.key)}
          monospace={field.key === 'runtime_image' || field.key === 'packages'}
          onCommit={text =>
            onChange({ [field.key]: parsePropertyInput(field.key, text) })
          }
        />
      ))}
      <CheckboxField
        label="Always run (disable caching)"
        checked={own.disable_node_caching === true}
        problems={propertyProblems(problems, step.name, 'disable_node_caching')}
        onChange={checked =>
          onChange({ disable_node_caching: checked ? true : undefined })
        }
      />
      <EnvVarsField
        key={step.name}
        value={own.env_vars ?? []}
        problems={propertyProblems(problems, step.name, 'env_vars')}
        onCommit={rows => onChange({ env_vars: rows })}
      />
    </div>
  );
}

/** The inherited value, when there is one, else an example. */
function placeholder(inherited: unknown, example: string): string {
  return inherited === undefined || inherited === null
    ? example
    : `${propertyText(inherited)} (inherited)`;
}
