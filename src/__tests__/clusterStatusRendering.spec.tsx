import * as React from 'react';

import type { CellpipeApi } from '../api/CellpipeApi';
import type { IClusterStatus } from '../api/wire';
import { ClusterModel, type IClusterView } from '../cluster/ClusterModel';
import { ClusterStatusLine } from '../cluster/ClusterStatus';
import { TargetCluster } from '../cluster/TargetCluster';
import { clusterStatus } from './clusterFixtures';
import { render } from './renderWidget';

function view(status: IClusterStatus | null): IClusterView {
  return { status, error: null, loading: false };
}

/** A model whose API answers from a queue of statuses (or errors). */
function modelAnswering(...answers: Array<IClusterStatus | Error>) {
  const getCluster = jest.fn(async () => {
    const next = answers.shift();
    if (next instanceof Error || next === undefined) {
      throw next ?? new Error('no more answers');
    }
    return next;
  });
  const api = { getCluster } as unknown as CellpipeApi;
  return { model: new ClusterModel(api), getCluster };
}

describe('the Kubernetes status line', () => {
  const unconfigured = clusterStatus({
    configured: false,
    reachable: false,
    canRun: false,
    reason: 'no kubeconfig found',
    server: null,
    version: null
  });

  it('is one quiet line with a how-to for people who did not choose Kubernetes', async () => {
    const node = await render(
      <ClusterStatusLine view={view(unconfigured)} quiet />
    );
    const line = node.querySelector('.jp-cellpipe-Cluster')!;
    expect(line.getAttribute('data-tone')).toBe('off');
    expect(line.querySelector('summary')?.textContent).toBe(
      'Kubernetes: not configured (how to)'
    );
    expect(line.textContent).toContain('no kubeconfig found');
    expect(node.querySelector('.jp-cellpipe-Cluster-issues')).toBeNull();
  });

  it('stays red where Kubernetes was chosen (not quiet)', async () => {
    const node = await render(<ClusterStatusLine view={view(unconfigured)} />);
    expect(
      node.querySelector('.jp-cellpipe-Cluster')?.getAttribute('data-tone')
    ).toBe('down');
  });

  it('shows a green dot, the version and the namespace', async () => {
    const node = await render(
      <ClusterStatusLine view={view(clusterStatus())} />
    );
    const line = node.querySelector('.jp-cellpipe-Cluster')!;
    expect(line.getAttribute('data-tone')).toBe('ready');
    expect(line.textContent).toContain('Kubernetes ready');
    expect(line.textContent).toContain('v1.36.3 · namespace ml');
    expect(node.querySelector('.jp-cellpipe-Cluster-issues')).toBeNull();
    // No refresh handler, no button (as in a read-only place).
    expect(node.querySelector('button')).toBeNull();
  });

  it('lists what is missing, in words', async () => {
    const status = clusterStatus({
      canRun: false,
      permissions: [
        { verb: 'create', resource: 'jobs.batch', allowed: false, reason: '' }
      ]
    });
    const node = await render(<ClusterStatusLine view={view(status)} />);
    expect(
      node.querySelector('.jp-cellpipe-Cluster')!.getAttribute('data-tone')
    ).toBe('degraded');
    expect(
      [...node.querySelectorAll('.jp-cellpipe-Cluster-issues li')].map(
        li => li.textContent
      )
    ).toEqual(['cannot create jobs.batch in namespace ml']);
  });

  it('has a refresh button that calls its handler', async () => {
    const onRefresh = jest.fn();
    const node = await render(
      <ClusterStatusLine view={view(clusterStatus())} onRefresh={onRefresh} />
    );
    const button = node.querySelector<HTMLButtonElement>(
      '.jp-cellpipe-Cluster-refresh'
    )!;
    expect(button.getAttribute('aria-label')).toBe(
      'Check the Kubernetes cluster again'
    );
    React.act(() => button.click());
    expect(onRefresh).toHaveBeenCalledTimes(1);
  });
});

describe('the kubernetes target in the run dialog', () => {
  it('checks the cluster when chosen and warns when the server says it cannot run', async () => {
    const { model } = modelAnswering(
      clusterStatus({
        canRun: false,
        reason: 'cannot create jobs.batch in namespace ml'
      })
    );
    const refresh = jest.fn(() => void model.refresh());
    const node = await render(
      <TargetCluster model={model} refresh={refresh} />
    );
    await React.act(async () => {
      await Promise.resolve();
    });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(node.querySelector('.jp-cellpipe-Cluster')!.textContent).toContain(
      'Kubernetes reachable, not ready'
    );
    expect(node.querySelector('[role="note"]')!.textContent).toMatch(
      /cannot run on this cluster yet: cannot create jobs\.batch in namespace ml/
    );
  });

  it('shows no warning when the cluster can run', async () => {
    const { model } = modelAnswering(clusterStatus());
    await model.refresh();
    const node = await render(
      <TargetCluster model={model} refresh={() => {}} />
    );
    expect(node.querySelector('[role="note"]')).toBeNull();
    expect(node.textContent).toContain('Kubernetes ready');
  });
});

describe('the cluster model', () => {
  it('keeps the answer, and an error in place of a stale answer', async () => {
    const { model, getCluster } = modelAnswering(
      clusterStatus(),
      new Error('HTTP 502')
    );
    await model.refresh();
    expect(model.view.status?.version).toBe('v1.36.3');
    await model.refresh();
    expect(model.view).toEqual({
      status: null,
      error: 'HTTP 502',
      loading: false
    });
    expect(getCluster).toHaveBeenCalledTimes(2);
  });

  it('lets the latest check win over a slower earlier one', async () => {
    let answerFirst: (s: IClusterStatus) => void = () => {};
    const getCluster = jest
      .fn()
      .mockImplementationOnce(
        () => new Promise<IClusterStatus>(resolve => (answerFirst = resolve))
      )
      .mockResolvedValueOnce(clusterStatus({ namespace: 'new' }));
    const model = new ClusterModel({ getCluster } as unknown as CellpipeApi);
    const first = model.refresh();
    await model.refresh();
    answerFirst(clusterStatus({ namespace: 'old' }));
    await first;
    expect(model.view.status?.namespace).toBe('new');
    expect(model.view.loading).toBe(false);
  });
});
