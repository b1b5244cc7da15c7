import * as React from 'react';

import type { IDeployment } from '../api/wire';
import type { IDeploymentActions } from '../deployments/actions';
import { DeploymentRow } from '../deployments/DeploymentRow';
import { deployment } from './deploymentFixtures';
import { render } from './renderWidget';

async function row(
  d: IDeployment,
  actions: IDeploymentActions
): Promise<HTMLElement> {
  return render(
    <ul>
      <DeploymentRow deployment={d} actions={actions} />
    </ul>
  );
}

function actions(): jest.Mocked<IDeploymentActions> {
  return {
    deploy: jest.fn(),
    undeploy: jest.fn(),
    send: jest.fn(),
    openRun: jest.fn(),
    copy: jest.fn()
  };
}

/** Run r-2's model rolled out onto `churn` (serving run r-1's) in namespace ml. */
const canary = deployment({
  name: 'churn',
  target: 'kubernetes',
  kind: 'inference-service',
  namespace: 'ml',
  modelFormat: 'sklearn',
  runId: 'r-2',
  canaryTrafficPercent: 10,
  stable: { runId: 'r-1', step: 'train', artifact: 'model' }
});

const text = (node: HTMLElement, selector: string) =>
  node.querySelector(selector)?.textContent ?? null;

describe('the row of a canary rollout', () => {
  it('shows the new model with its share and the stable one with the rest', async () => {
    const node = await row(canary, actions());
    expect(text(node, '.jp-cellpipe-Deployment-lineage')).toBe(
      'canary 10% · from run r-2 · step train · model; ' +
        'stable 90% · from run r-1 · step train · model'
    );
    expect(text(node, '.jp-cellpipe-Deployment-target')).toBe(
      'kubernetes (KServe) · namespace ml · sklearn'
    );
  });

  it('opens either run', async () => {
    const a = actions();
    const node = await row(canary, a);
    const runs = [
      ...node.querySelectorAll<HTMLButtonElement>('.jp-cellpipe-Deployment-run')
    ];
    expect(runs.map(b => b.textContent)).toEqual(['r-2', 'r-1']);
    React.act(() => runs.forEach(b => b.click()));
    expect(a.openRun.mock.calls).toEqual([['r-2'], ['r-1']]);
  });

  it('says only the share when the stable model is not known', async () => {
    const node = await row({ ...canary, stable: null }, actions());
    expect(text(node, '.jp-cellpipe-Deployment-lineage')).toBe(
      'from run r-2 · step train · model'
    );
    expect(text(node, '.jp-cellpipe-Deployment-target')).toBe(
      'kubernetes (KServe) · namespace ml · canary 10% · sklearn'
    );
  });
});
