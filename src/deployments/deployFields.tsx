import * as React from 'react';

import { ClusterStatusLine } from '../cluster/ClusterStatus';
import { formatBytes, formatTime } from '../ui/format';
import { CanaryFields } from './canaryFields';
import { canaryBases, canaryOf } from './canaryForm';
import type { IDeployDialogOptions } from './DeployDialog';
import { kubernetesOption, type IDeployFormState } from './deployForm';
import { MAX_NAME_LENGTH } from './deployName';
import { formatMetric } from '../runs/metricsChart';
import { bestChoice, featureSummary, type IModelChoice } from './modelChoices';

/** The deploy dialog's inputs (ids `jp-cellpipe-deploy-*`, laid out like the run dialog's). */

function choiceLabel(c: IModelChoice): string {
  const when = formatTime(c.createdAt, new Date());
  const metrics = c.metrics
    .slice(0, 3)
    .map(m => `${m.name} ${formatMetric(m.value)}`)
    .join(', ');
  return [`${c.artifact} · ${c.runTitle}`, metrics, when]
    .filter(Boolean)
    .join(' · ');
}

export function ModelField(props: {
  choices: readonly IModelChoice[];
  value: string;
  onChange: (choice: IModelChoice) => void;
}): JSX.Element {
  const chosen = props.choices.find(c => c.key === props.value);
  const best = bestChoice(props.choices);
  return (
    <div className="jp-cellpipe-RunDialog-field">
      <label htmlFor="jp-cellpipe-deploy-model">Model</label>
      <select
        id="jp-cellpipe-deploy-model"
        className="jp-mod-styled"
        value={props.value}
        onChange={e => {
          const next = props.choices.find(c => c.key === e.currentTarget.value);
          if (next) {
            props.onChange(next);
          }
        }}
      >
        {props.choices.map(c => (
          <option key={c.key} value={c.key}>
            {choiceLabel(c)}
          </option>
        ))}
      </select>
      {chosen ? (
        <span className="jp-cellpipe-RunDialog-hint">
          {chosen.model.type}, {formatBytes(chosen.model.size)}, step{' '}
          {chosen.step} of run {chosen.runId}
          {featureSummary(chosen.model)
            ? ` · takes ${featureSummary(chosen.model)}`
            : ''}
          {best && best.choice.key === chosen.key
            ? ` · the best by ${best.metric} (${formatMetric(best.value)}, ${best.higherIsBetter ? 'higher' : 'lower'} is better)`
            : ''}
        </span>
      ) : null}
    </div>
  );
}

export function NameField(props: {
  value: string;
  invalid: boolean;
  /** A canary keeps the name of the deployment it rolls onto: shown, not typed. */
  canaryOf: string | null;
  onChange: (value: string) => void;
}): JSX.Element {
  const canary = props.canaryOf;
  return (
    <div className="jp-cellpipe-RunDialog-field">
      <label htmlFor="jp-cellpipe-deploy-name">Name</label>
      <input
        id="jp-cellpipe-deploy-name"
        className="jp-mod-styled"
        type="text"
        spellCheck={false}
        maxLength={MAX_NAME_LENGTH}
        value={canary ?? props.value}
        disabled={canary !== null}
        aria-invalid={props.invalid && canary === null ? true : undefined}
        aria-describedby="jp-cellpipe-deploy-name-hint"
        onChange={e => props.onChange(e.currentTarget.value)}
      />
      <span
        id="jp-cellpipe-deploy-name-hint"
        className="jp-cellpipe-RunDialog-hint"
      >
        {canary !== null
          ? `a canary keeps the name (and URL) of ${canary}`
          : 'lowercase letters, digits and “-”, starting with a letter; also the model’s name in the endpoint’s URLs'}
      </span>
    </div>
  );
}

/** What a deploy target's option says beside its name. */
const TARGET_LABELS: Record<string, string> = {
  local: 'local (a model server on this machine)'
};

export function TargetField(props: {
  options: IDeployDialogOptions;
  value: string;
  onChange: (value: IDeployFormState['target']) => void;
}): JSX.Element {
  const k8s = kubernetesOption(props.options.cluster.view);
  return (
    <div className="jp-cellpipe-RunDialog-field">
      <label htmlFor="jp-cellpipe-deploy-target">Deploy to</label>
      <select
        id="jp-cellpipe-deploy-target"
        className="jp-mod-styled"
        value={props.value}
        onChange={e =>
          props.onChange(e.currentTarget.value as IDeployFormState['target'])
        }
      >
        {props.options.targets.map(name =>
          name === 'kubernetes' ? (
            <option key={name} value={name} disabled={!k8s.enabled}>
              kubernetes{k8s.note ? ` (${k8s.note})` : ''}
            </option>
          ) : (
            <option key={name} value={name}>
              {TARGET_LABELS[name] ?? name}
            </option>
          )
        )}
      </select>
    </div>
  );
}

export function KubernetesFields(props: {
  options: IDeployDialogOptions;
  state: IDeployFormState;
  set: (patch: Partial<IDeployFormState>) => void;
}): JSX.Element {
  const { options, state, set } = props;
  return (
    <>
      <div className="jp-cellpipe-RunDialog-cluster">
        <ClusterStatusLine
          view={options.cluster.view}
          onRefresh={options.refreshCluster}
        />
      </div>
      <CanaryFields
        bases={canaryBases(options.deployments.deployments)}
        state={state}
        set={set}
      />
      <ReplicaField
        bound="min"
        state={state}
        onChange={minReplicas => set({ minReplicas })}
      />
      <ReplicaField
        bound="max"
        state={state}
        onChange={maxReplicas => set({ maxReplicas })}
      />
    </>
  );
}

/** Min or max replicas; a canary's may be left empty (not sent). */
function ReplicaField(props: {
  bound: 'min' | 'max';
  state: IDeployFormState;
  onChange: (value: string) => void;
}): JSX.Element {
  const { bound, state } = props;
  const id = `jp-cellpipe-deploy-${bound}-replicas`;
  const canary = canaryOf(state) !== null;
  return (
    <div className="jp-cellpipe-RunDialog-field">
      <label htmlFor={id}>{bound === 'min' ? 'Min' : 'Max'} replicas</label>
      <input
        id={id}
        className="jp-mod-styled"
        type="number"
        min={bound === 'min' ? 0 : 1}
        step={1}
        placeholder={canary ? 'not set' : undefined}
        value={bound === 'min' ? state.minReplicas : state.maxReplicas}
        aria-invalid={state.errorField === 'replicas' ? true : undefined}
        onChange={e => props.onChange(e.currentTarget.value)}
      />
    </div>
  );
}
