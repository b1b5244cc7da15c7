import { Dialog, showDialog } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IDependencyChoice } from './stepDependencies';

class DependenciesBody
  extends ReactWidget
  implements Dialog.IBodyWidget<string[]>
{
  constructor(
    private readonly step: string,
    private choices: IDependencyChoice[]
  ) {
    super();
    this.addClass('jp-cellpipe-DependenciesDialog');
  }

  getValue(): string[] {
    return this.choices.filter(c => c.checked).map(c => c.step);
  }

  protected render(): JSX.Element {
    const toggle = (step: string, checked: boolean) => {
      this.choices = this.choices.map(c =>
        c.step === step ? { ...c, checked } : c
      );
      this.update();
    };
    return (
      <fieldset className="jp-cellpipe-DependenciesDialog-list">
        <legend>
          Step <strong>{this.step}</strong> runs after:
        </legend>
        {this.choices.map(c => (
          <label key={c.step} className="jp-cellpipe-DependenciesDialog-item">
            <input
              type="checkbox"
              checked={c.checked}
              onChange={e => toggle(c.step, e.currentTarget.checked)}
            />
            <span>{c.step}</span>
            {c.note && (
              <span className="jp-cellpipe-DependenciesDialog-note">
                {c.note}
              </span>
            )}
          </label>
        ))}
        <p className="jp-cellpipe-DependenciesDialog-hint">
          Steps whose data this step uses are waited for anyway; check a step to
          wait for it without passing data.
        </p>
      </fieldset>
    );
  }
}

/** Asks which steps `step` runs after; `null` when the person cancels. */
export async function askDependencies(
  step: string,
  choices: IDependencyChoice[]
): Promise<string[] | null> {
  const result = await showDialog({
    title: `Dependencies of "${step}"`,
    body: new DependenciesBody(step, choices),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Save' })],
    focusNodeSelector: 'input'
  });
  return result.button.accept ? result.value : null;
}
