import * as React from 'react';

import type { IDeployment } from '../tokens';
import { canaryBaseLabel, chooseCanaryBase } from './canaryForm';
import type { IDeployFormState } from './deployForm';

/**
 * The deploy dialog's canary inputs (Kubernetes only): the deployment to
 * roll the model onto, none by default, and the share of requests it takes.
 */
export function CanaryFields(props: {
  /** The deployments a canary can roll onto (see `canaryBases`). */
  bases: readonly IDeployment[];
  state: IDeployFormState;
  set: (patch: Partial<IDeployFormState>) => void;
}): JSX.Element {
  const { bases, state, set } = props;
  return (
    <>
      <CanaryBaseField
        bases={bases}
        value={state.canaryOf}
        invalid={state.errorField === 'canary'}
        onChange={base => set(chooseCanaryBase(state, base))}
      />
      {state.canaryOf ? (
        <CanaryPercentField
          value={state.canaryPercent}
          invalid={state.errorField === 'canaryPercent'}
          onChange={canaryPercent => set({ canaryPercent })}
        />
      ) : null}
    </>
  );
}

function CanaryBaseField(props: {
  bases: readonly IDeployment[];
  value: string;
  invalid: boolean;
  onChange: (base: IDeployment | null) => void;
}): JSX.Element {
  const { bases, value } = props;
  return (
    <div className="jp-cellpipe-RunDialog-field">
      <label htmlFor="jp-cellpipe-deploy-canary-of">
        Roll out as a canary of
      </label>
      <select
        id="jp-cellpipe-deploy-canary-of"
        className="jp-mod-styled"
        value={value}
        aria-invalid={props.invalid ? true : undefined}
        aria-describedby="jp-cellpipe-deploy-canary-of-hint"
        onChange={e =>
          props.onChange(
            bases.find(d => d.name === e.currentTarget.value) ?? null
          )
        }
      >
        <CanaryBaseOptions bases={bases} value={value} />
      </select>
      <span
        id="jp-cellpipe-deploy-canary-of-hint"
        className="jp-cellpipe-RunDialog-hint"
      >
        {canaryHint(bases.length > 0)}
      </span>
    </div>
  );
}

/** None, each deployment, and one chosen then undeployed meanwhile. */
function CanaryBaseOptions(props: {
  bases: readonly IDeployment[];
  value: string;
}): JSX.Element {
  const { bases, value } = props;
  const gone = value !== '' && !bases.some(d => d.name === value);
  return (
    <>
      <option value="">none (a new deployment)</option>
      {bases.map(d => (
        <option key={d.name} value={d.name}>
          {canaryBaseLabel(d)}
        </option>
      ))}
      {gone ? <option value={value}>{value} (no longer listed)</option> : null}
    </>
  );
}

function canaryHint(some: boolean): string {
  return some
    ? 'KServe sends a share of its requests to this model and the rest to the one it serves; deploy again without a canary to promote it'
    : 'no Kubernetes deployment to roll onto yet';
}

function CanaryPercentField(props: {
  value: string;
  invalid: boolean;
  onChange: (value: string) => void;
}): JSX.Element {
  return (
    <div className="jp-cellpipe-RunDialog-field">
      <label htmlFor="jp-cellpipe-deploy-canary-percent">
        Canary traffic %
      </label>
      <input
        id="jp-cellpipe-deploy-canary-percent"
        className="jp-mod-styled"
        type="number"
        min={1}
        max={99}
        step={1}
        value={props.value}
        aria-invalid={props.invalid ? true : undefined}
        onChange={e => props.onChange(e.currentTarget.value)}
      />
    </div>
  );
}
