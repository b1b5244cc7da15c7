import { Dialog, showDialog } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { ClusterModel } from '../cluster/ClusterModel';
import type { ICreateDeploymentRequest, IDeployment } from '../tokens';
import { useSignal } from '../ui/useSignal';
import { canaryOf } from './canaryForm';
import {
  KubernetesFields,
  ModelField,
  NameField,
  TargetField
} from './deployFields';
import {
  chooseModel,
  initialDeployForm,
  type IDeployFormState
} from './deployForm';
import type { DeploymentsModel } from './DeploymentsModel';
import { submitForm } from './deploySubmit';
import type { IModelChoice } from './modelChoices';

export interface IDeployDialogOptions {
  choices: readonly IModelChoice[];
  /** The choice selected first. */
  initial: IModelChoice;
  /** Names of existing deployments (the suggested name avoids them). */
  taken: ReadonlySet<string>;
  cluster: ClusterModel;
  /** The deploy targets the server has (`/api/version`), in its order. */
  targets: readonly string[];
  /** The deployments a Kubernetes canary can roll onto (see `canaryBases`). */
  deployments: DeploymentsModel;
  /** Runs `cellpipe:refresh-cluster`. */
  refreshCluster: () => void;
  /** POSTs the request; throws the server's refusal. */
  submit: (request: ICreateDeploymentRequest) => Promise<IDeployment>;
}

type Patch = Partial<IDeployFormState>;

/** The dialog body: model, name, target (and replicas), and the last refusal. */
class DeployDialogBody
  extends ReactWidget
  implements Dialog.IBodyWidget<IDeployFormState>
{
  constructor(
    private readonly options: IDeployDialogOptions,
    private state: IDeployFormState
  ) {
    super();
    this.addClass('jp-cellpipe-DeployDialog');
  }

  getValue(): IDeployFormState {
    return this.state;
  }

  protected render(): JSX.Element {
    const set = (patch: Patch) => {
      this.state = { ...this.state, ...patch };
      this.update();
    };
    return <DeployForm options={this.options} state={this.state} set={set} />;
  }
}

function DeployForm(props: {
  options: IDeployDialogOptions;
  state: IDeployFormState;
  set: (patch: Patch) => void;
}): JSX.Element {
  const { options, state, set } = props;
  useSignal(options.cluster.changed);
  useSignal(options.deployments.changed);
  // Asked once per dialog: whether Kubernetes can be offered.
  React.useEffect(() => options.refreshCluster(), [options]);
  return (
    <div className="jp-cellpipe-DeployDialog-form">
      <ModelField
        choices={options.choices}
        value={state.choice}
        onChange={choice =>
          set(chooseModel(state, choice, options.taken) as Patch)
        }
      />
      <NameField
        value={state.name}
        invalid={state.errorField === 'name'}
        canaryOf={canaryOf(state)}
        onChange={name => set({ name, nameEdited: true })}
      />
      <TargetField
        options={options}
        value={state.target}
        onChange={target => set({ target })}
      />
      {state.target === 'kubernetes' ? (
        <KubernetesFields options={options} state={state} set={set} />
      ) : null}
      {state.error ? (
        <p className="jp-cellpipe-DeployDialog-error" role="alert">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}

/** The input refused, else the name (the canary choice when it is one). */
function focusSelector(state: IDeployFormState): string {
  if (state.errorField) {
    return '[aria-invalid="true"]';
  }
  return canaryOf(state) === null
    ? '#jp-cellpipe-deploy-name'
    : '#jp-cellpipe-deploy-canary-of';
}

/**
 * Asks which model to deploy, under which name, where; POSTs it. A refusal
 * brings the dialog back with the server's message and the typed values
 * kept. Resolves with the deployment, or null when the person cancels.
 */
export async function showDeployDialog(
  options: IDeployDialogOptions
): Promise<IDeployment | null> {
  let state = initialDeployForm(options.initial, options.taken);
  for (;;) {
    const result = await showDialog({
      title: 'Deploy model',
      body: new DeployDialogBody(options, state),
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Deploy' })],
      focusNodeSelector: focusSelector(state)
    });
    if (!result.button.accept || !result.value) {
      return null;
    }
    const outcome = await submitForm(options, result.value);
    if ('deployment' in outcome) {
      return outcome.deployment;
    }
    state = outcome.refused;
  }
}
