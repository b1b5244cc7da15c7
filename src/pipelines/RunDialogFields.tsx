import * as React from 'react';

import type { ClusterModel } from '../cluster/ClusterModel';
import type { IExecutorInfo, IParameter } from '../tokens';
import { useSignal } from '../ui/useSignal';
import type { IRunDialogOptions } from './RunDialog';
import {
  fieldHint,
  fieldKind,
  initialRaw,
  stepImageRows,
  type RawValue
} from './runDialogForm';

// The run dialog's fields, each a small component of its own (RunDialog.tsx
// holds the body that keeps their state, and the dialog loop).

export interface IFormState {
  target: string;
  cache: boolean;
  /** The run's name; empty: the server's default (notebook and changed parameters). */
  title: string;
  raw: Record<string, RawValue>;
  errors: Record<string, string>;
}

/** Under the cluster: each step's image and why (its own, the pipeline's, the target's). */
export function StepImages(props: {
  model: ClusterModel;
  compiled: IRunDialogOptions['compiled'];
}): JSX.Element | null {
  useSignal(props.model.changed);
  const rows = stepImageRows(
    props.compiled,
    props.model.view.status?.stepImage
  );
  if (rows.length === 0) {
    return null;
  }
  return (
    <details className="jp-cellpipe-RunDialog-images">
      <summary>
        Images: {[...new Set(rows.map(r => r.image))].join(', ')}
      </summary>
      <table>
        <tbody>
          {rows.map(r => (
            <tr key={r.step}>
              <td>{r.step}</td>
              <td>
                <code>{r.image}</code>
              </td>
              <td className="jp-cellpipe-RunDialog-hint">{r.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function CacheField(props: {
  checked: boolean;
  onChange: (checked: boolean) => void;
}): JSX.Element {
  return (
    <label className="jp-cellpipe-RunDialog-check">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={e => props.onChange(e.currentTarget.checked)}
      />
      Use cached results
      <span className="jp-cellpipe-RunDialog-hint">
        steps whose code, inputs and parameters did not change are reused
      </span>
    </label>
  );
}

export function TargetField(props: {
  executors: readonly IExecutorInfo[];
  autoFocus: boolean;
  value: string;
  onChange: (value: string) => void;
}): JSX.Element {
  const known = props.executors.some(e => e.name === props.value);
  const options = known
    ? props.executors
    : [{ name: props.value, available: true }, ...props.executors];
  return (
    <div className="jp-cellpipe-RunDialog-field">
      <label htmlFor="jp-cellpipe-run-target">Run on</label>
      <select
        id="jp-cellpipe-run-target"
        className="jp-mod-styled"
        autoFocus={props.autoFocus}
        value={props.value}
        onChange={e => props.onChange(e.currentTarget.value)}
      >
        {options.map(e => (
          <option key={e.name} value={e.name} disabled={!e.available}>
            {e.name}
            {e.available ? '' : ` (unavailable: ${e.reason ?? 'not set up'})`}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ParameterFields(props: {
  parameters: readonly IParameter[];
  state: IFormState;
  onChange: (parameter: IParameter, value: RawValue) => void;
}): JSX.Element {
  if (props.parameters.length === 0) {
    return (
      <p className="jp-cellpipe-RunDialog-hint">
        No pipeline parameters: mark a cell of assignments as pipeline
        parameters to set values per run.
      </p>
    );
  }
  const firstError = props.parameters.find(
    p => props.state.errors[p.name]
  )?.name;
  return (
    <fieldset className="jp-cellpipe-RunDialog-parameters">
      <legend>Parameters</legend>
      {props.parameters.map(p => (
        <ParameterField
          key={p.name}
          parameter={p}
          autoFocus={p.name === firstError}
          value={props.state.raw[p.name] ?? initialRaw(p.type, p.value)}
          error={props.state.errors[p.name]}
          onChange={value => props.onChange(p, value)}
        />
      ))}
    </fieldset>
  );
}

export function ParameterField(props: {
  parameter: IParameter;
  autoFocus: boolean;
  value: RawValue;
  error?: string;
  onChange: (value: RawValue) => void;
}): JSX.Element {
  const { parameter: p, value, error } = props;
  const id = `jp-cellpipe-run-param-${p.name}`;
  const kind = fieldKind(p.type);
  const hint = error ?? (kind === 'json' ? fieldHint(p.type) : null);
  const common = {
    id,
    name: p.name,
    autoFocus: props.autoFocus,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': hint ? `${id}-hint` : undefined
  };
  const input =
    kind === 'checkbox' ? (
      <input
        {...common}
        type="checkbox"
        checked={value === true}
        onChange={e => props.onChange(e.currentTarget.checked)}
      />
    ) : (
      <input
        {...common}
        className="jp-mod-styled"
        type={kind === 'number' ? 'number' : 'text'}
        step={p.type === 'int' ? 1 : 'any'}
        spellCheck={false}
        value={String(value)}
        onChange={e => props.onChange(e.currentTarget.value)}
      />
    );
  return (
    <div className="jp-cellpipe-RunDialog-field">
      <label htmlFor={id}>
        {p.name} <span className="jp-cellpipe-RunDialog-type">{p.type}</span>
      </label>
      {input}
      {hint && (
        <span
          id={`${id}-hint`}
          className={
            error ? 'jp-cellpipe-RunDialog-error' : 'jp-cellpipe-RunDialog-hint'
          }
        >
          {hint}
        </span>
      )}
    </div>
  );
}
