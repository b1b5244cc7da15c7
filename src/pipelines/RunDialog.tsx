import { Dialog, showDialog } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import * as React from 'react';

import { KUBERNETES_TARGET } from '../cluster/clusterSummary';
import {
  TargetCluster,
  type ITargetClusterProps
} from '../cluster/TargetCluster';
import type { ICompileResult, IExecutorInfo, IParameter } from '../tokens';
import type { IRunOptions } from './NotebookPipeline';
import {
  CacheField,
  type IFormState,
  ParameterFields,
  StepImages,
  TargetField
} from './RunDialogFields';
import { inputError, parseParameter, parseParameters } from './runDialogForm';

export interface IRunDialogOptions {
  pipelineName: string;
  parameters: readonly IParameter[];
  executors: readonly IExecutorInfo[];
  target: string;
  /** The compile's errors, in words: the server would refuse the run, so Run is disabled. */
  errors: readonly string[];
  /** The Kubernetes status, shown when that target is chosen. */
  cluster?: ITargetClusterProps;
  /** The compile's steps, to say which image each gets on Kubernetes. */
  compiled?: Pick<ICompileResult, 'steps' | 'defaults'> | null;
}

/** The dialog body: target, one input per parameter, and the cache switch. */
class RunDialogBody
  extends ReactWidget
  implements Dialog.IBodyWidget<IFormState>
{
  constructor(
    private readonly options: IRunDialogOptions,
    private state: IFormState
  ) {
    super();
    this.addClass('jp-cellpipe-RunDialog');
  }

  getValue(): IFormState {
    return this.state;
  }

  protected render(): JSX.Element {
    const set = (patch: Partial<IFormState>) => {
      this.state = { ...this.state, ...patch };
      this.update();
    };
    return (
      <div className="jp-cellpipe-RunDialog-form">
        <TargetField
          executors={this.options.executors}
          autoFocus={Object.keys(this.state.errors).length === 0}
          value={this.state.target}
          onChange={target => set({ target })}
        />
        {this.state.target === KUBERNETES_TARGET && this.options.cluster ? (
          <>
            <TargetCluster {...this.options.cluster} />
            <StepImages
              model={this.options.cluster.model}
              compiled={this.options.compiled}
            />
          </>
        ) : null}
        <div className="jp-cellpipe-RunDialog-field">
          <label htmlFor="jp-cellpipe-run-title">Run name</label>
          <input
            id="jp-cellpipe-run-title"
            className="jp-mod-styled"
            name="title"
            maxLength={200}
            placeholder="default: notebook and changed parameters"
            value={this.state.title}
            onChange={e => set({ title: e.currentTarget.value })}
          />
        </div>
        <CacheField
          checked={this.state.cache}
          onChange={cache => set({ cache })}
        />
        <ParameterFields
          parameters={this.options.parameters}
          state={this.state}
          onChange={(p, value) => {
            // Checked as the person types; the reason shows under the input.
            const parsed = parseParameter(p.type, value);
            const errors = { ...this.state.errors };
            delete errors[p.name];
            if (!parsed.ok) {
              errors[p.name] = inputError(p.name, parsed.error);
            }
            set({ raw: { ...this.state.raw, [p.name]: value }, errors });
          }}
        />
        {this.options.errors.length > 0 && (
          <div className="jp-cellpipe-RunDialog-warning" role="note">
            <p>
              The pipeline cannot run until{' '}
              {this.options.errors.length === 1
                ? 'this error is'
                : `these ${this.options.errors.length} errors are`}{' '}
              fixed (they are shown on the cells too):
            </p>
            <ul>
              {this.options.errors.slice(0, MAX_ERRORS_SHOWN).map((e, i) => (
                <li key={i}>{e}</li>
              ))}
              {this.options.errors.length > MAX_ERRORS_SHOWN ? (
                <li>
                  and {this.options.errors.length - MAX_ERRORS_SHOWN} more
                </li>
              ) : null}
            </ul>
          </div>
        )}
      </div>
    );
  }

  protected onUpdateRequest(msg: Message): void {
    super.onUpdateRequest(msg);
    // The dialog's own Run button: off while the run could only be refused.
    const run = this.node
      .closest('.jp-Dialog-content')
      ?.querySelector<HTMLButtonElement>('.jp-mod-accept');
    if (run) {
      run.disabled = blocked(this.options, this.state);
      run.title = run.disabled
        ? 'Fix the errors shown first: the server would refuse this run'
        : '';
    }
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this.update();
  }
}

const MAX_ERRORS_SHOWN = 3;

/** The run could only be refused: compile errors or parameters that do not parse. */
export function blocked(
  options: IRunDialogOptions,
  state: IFormState
): boolean {
  return options.errors.length > 0 || Object.keys(state.errors).length > 0;
}

/**
 * Asks how to run the pipeline. Invalid inputs bring the dialog back with
 * the reasons, the typed text kept and the first bad input focused; the
 * values come back typed. `null` when the person cancels.
 */
export async function showRunDialog(
  options: IRunDialogOptions
): Promise<IRunOptions | null> {
  let state: IFormState = {
    target: options.target,
    cache: true,
    title: '',
    raw: {},
    errors: {}
  };
  for (;;) {
    const result = await showDialog({
      title: `Run pipeline "${options.pipelineName}"`,
      body: new RunDialogBody(options, state),
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Run' })],
      focusNodeSelector:
        Object.keys(state.errors).length > 0
          ? '[aria-invalid="true"]'
          : 'select, input'
    });
    if (!result.button.accept || !result.value) {
      return null;
    }
    state = result.value;
    if (options.errors.length > 0) {
      continue; // Enter still accepts a dialog whose Run button is off
    }
    const parsed = parseParameters(options.parameters, state.raw);
    state = { ...state, errors: parsed.errors };
    if (Object.keys(parsed.errors).length === 0) {
      return {
        target: state.target,
        cache: state.cache,
        parameters: parsed.values,
        ...(state.title.trim() ? { title: state.title.trim() } : {})
      };
    }
  }
}
