import * as React from 'react';

import type { IDeployment } from '../api/wire';
import { CanaryFields } from '../deployments/canaryFields';
import { canaryBases } from '../deployments/canaryForm';
import { NameField } from '../deployments/deployFields';
import type { IDeployFormState } from '../deployments/deployForm';
import { deployment } from './deploymentFixtures';
import { render } from './renderWidget';

const deployments: IDeployment[] = [
  deployment({ name: 'local-iris' }),
  deployment({
    name: 'churn',
    target: 'kubernetes',
    kind: 'inference-service',
    namespace: 'ml',
    runId: 'r-1',
    minReplicas: 2,
    maxReplicas: 4
  }),
  deployment({
    name: 'plain',
    target: 'kubernetes',
    kind: 'deployment',
    namespace: 'ml',
    runId: 'r-0'
  })
];

const state = {
  target: 'kubernetes',
  canaryOf: '',
  canaryPercent: '10',
  minReplicas: '1',
  maxReplicas: '1',
  errorField: null
} as IDeployFormState;

function choose(select: HTMLSelectElement, value: string): void {
  const proto = Object.getPrototypeOf(select);
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(select, value);
  React.act(() => {
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('the deployments a canary can roll onto', () => {
  it('are the Kubernetes ones, never local ones', () => {
    expect(canaryBases(deployments).map(d => d.name)).toEqual([
      'churn',
      'plain'
    ]);
    expect(canaryBases([deployments[0]])).toEqual([]);
  });

  it('are offered after “none”, which is the default, saying which are on KServe', async () => {
    const set = jest.fn();
    const node = await render(
      <CanaryFields bases={canaryBases(deployments)} state={state} set={set} />
    );
    const select = node.querySelector<HTMLSelectElement>(
      '#jp-cellpipe-deploy-canary-of'
    )!;
    expect(select.value).toBe('');
    expect([...select.options].map(o => o.textContent)).toEqual([
      'none (a new deployment)',
      'churn (KServe · run r-1 · step train · model)',
      'plain (Deployment, not KServe · run r-0 · step train · model)'
    ]);
    // The share is asked for only once a deployment is chosen.
    expect(node.querySelector('#jp-cellpipe-deploy-canary-percent')).toBeNull();
    choose(select, 'churn');
    expect(set).toHaveBeenCalledWith({
      canaryOf: 'churn',
      minReplicas: '2',
      maxReplicas: '4'
    });
  });

  it('once chosen, ask for the share and name the canary after it', async () => {
    const chosen = { ...state, canaryOf: 'churn' };
    const node = await render(
      <>
        <NameField
          value="iris-model"
          invalid={false}
          canaryOf="churn"
          onChange={jest.fn()}
        />
        <CanaryFields
          bases={canaryBases(deployments)}
          state={chosen}
          set={jest.fn()}
        />
      </>
    );
    const name = node.querySelector<HTMLInputElement>(
      '#jp-cellpipe-deploy-name'
    )!;
    expect(name.disabled).toBe(true);
    expect(name.value).toBe('churn');
    const percent = node.querySelector<HTMLInputElement>(
      '#jp-cellpipe-deploy-canary-percent'
    )!;
    expect(percent.value).toBe('10');
  });
});
