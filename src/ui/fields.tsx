import * as React from 'react';

import type { IProblem } from '../tokens';

export interface ITextFieldProps {
  label: string;
  /** The stored value as text ('' when unset). */
  value: string;
  placeholder?: string;
  problems?: readonly IProblem[];
  /** Called with the typed text on Enter or when the field loses focus. */
  onCommit: (text: string) => void;
  monospace?: boolean;
}

/**
 * A labelled text field that commits on Enter or blur (not on every key),
 * Escape restores the stored value; the server's problems show below it.
 */
export function TextField(props: ITextFieldProps): JSX.Element {
  const { value, onCommit } = props;
  const [draft, setDraft] = React.useState(value);
  React.useEffect(() => setDraft(value), [value]);
  const id = React.useId();
  const commit = () => {
    if (draft !== value) {
      onCommit(draft);
    }
  };
  const problems = props.problems ?? [];
  return (
    <div className="jp-cellpipe-Field" data-invalid={problems.length > 0}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        className={`jp-mod-styled jp-cellpipe-Field-input${props.monospace ? ' jp-cellpipe-Field-code' : ''}`}
        value={draft}
        placeholder={props.placeholder}
        aria-invalid={problems.length > 0}
        aria-describedby={problems.length > 0 ? `${id}-problems` : undefined}
        onChange={e => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={e => {
          if (e.key === 'Enter') {
            commit();
          } else if (e.key === 'Escape') {
            setDraft(value);
          }
        }}
      />
      <FieldProblems id={`${id}-problems`} problems={problems} />
    </div>
  );
}

export function FieldProblems({
  id,
  problems
}: {
  id: string;
  problems: readonly IProblem[];
}): JSX.Element | null {
  if (problems.length === 0) {
    return null;
  }
  return (
    <ul id={id} className="jp-cellpipe-Field-problems">
      {problems.map((p, i) => (
        <li key={i} data-severity={p.severity}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}

export interface ICheckboxFieldProps {
  label: string;
  checked: boolean;
  problems?: readonly IProblem[];
  onChange: (checked: boolean) => void;
}

export function CheckboxField(props: ICheckboxFieldProps): JSX.Element {
  const id = React.useId();
  return (
    <div className="jp-cellpipe-Field jp-cellpipe-Field-checkbox">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={e => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
      <FieldProblems id={`${id}-problems`} problems={props.problems ?? []} />
    </div>
  );
}
