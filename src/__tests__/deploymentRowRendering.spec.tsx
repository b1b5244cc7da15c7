import * as React from 'react';

import type { DeploymentStatus, IDeployment } from '../api/wire';
import type { IDeploymentActions } from '../deployments/actions';
import { DeploymentRow } from '../deployments/DeploymentRow';
import type { Protocol, TestOutcome } from '../deployments/testRequest';
import { ArtifactsView } from '../runs/ArtifactsView';
import { artifact, deployment } from './deploymentFixtures';
import { render } from './renderWidget';

function actions(answer?: TestOutcome): jest.Mocked<IDeploymentActions> {
  return {
    deploy: jest.fn(),
    undeploy: jest.fn(),
    send: jest.fn(
      async (
        name: string,
        protocol: Protocol,
        body: string
      ): Promise<TestOutcome> =>
        answer ?? { kind: 'invalid', message: `${name} ${protocol} ${body}` }
    ),
    openRun: jest.fn(),
    copy: jest.fn()
  };
}

function row(d: IDeployment, a: IDeploymentActions = actions()) {
  return render(
    <ul>
      <DeploymentRow deployment={d} actions={a} />
    </ul>
  );
}

/** Types into an input the way a person does (React listens to input/change). */
function type(
  el: HTMLTextAreaElement | HTMLSelectElement,
  value: string
): void {
  const proto = Object.getPrototypeOf(el);
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  React.act(() => {
    el.dispatchEvent(
      new Event(el instanceof HTMLSelectElement ? 'change' : 'input', {
        bubbles: true
      })
    );
  });
}

const text = (node: HTMLElement, selector: string) =>
  node.querySelector(selector)?.textContent ?? null;

describe('a deployment row', () => {
  it.each<[DeploymentStatus, string, string | null, boolean]>([
    ['deploying', 'deploying', 'loading the model', false],
    ['ready', 'ready', null, true],
    ['unready', 'not ready', '0/1 pods ready', false],
    ['failed', 'failed', 'the model could not be loaded', false]
  ])(
    'when %s says %p, why, and can be tried only when ready',
    async (status, label, reason, canTry) => {
      const node = await row(deployment({ status, reason }));
      const li = node.querySelector('.jp-cellpipe-Deployment')!;
      expect(li.getAttribute('data-status')).toBe(status);
      expect(text(node, '.jp-cellpipe-Deployment-status')).toBe(label);
      expect(text(node, '.jp-cellpipe-Deployment-name')).toBe('iris-model');
      expect(text(node, '.jp-cellpipe-Deployment-reason')).toBe(reason);
      const toggle = node.querySelector<HTMLButtonElement>(
        '.jp-cellpipe-Deployment-toggle'
      )!;
      expect(toggle.disabled).toBe(!canTry);
    }
  );

  it('shows the target, the endpoint and where the model came from', async () => {
    const a = actions();
    const node = await row(
      deployment({
        target: 'kubernetes',
        kind: 'inference-service',
        namespace: 'ml',
        minReplicas: 1,
        maxReplicas: 3,
        modelFormat: 'sklearn',
        url: 'http://iris-model.ml.example.com'
      }),
      a
    );
    expect(text(node, '.jp-cellpipe-Deployment-target')).toBe(
      'kubernetes (KServe) · namespace ml · 1–3 replicas · sklearn'
    );
    expect(text(node, '.jp-cellpipe-Deployment-url')).toBe(
      'http://iris-model.ml.example.com'
    );
    expect(text(node, '.jp-cellpipe-Deployment-lineage')).toBe(
      'from run r-20250101-100000-abcdef · step train · model'
    );
    React.act(() => {
      node
        .querySelector<HTMLButtonElement>('.jp-cellpipe-Deployment-copy')!
        .click();
      node
        .querySelector<HTMLButtonElement>('.jp-cellpipe-Deployment-run')!
        .click();
      node
        .querySelector<HTMLButtonElement>('.jp-cellpipe-Deployment-undeploy')!
        .click();
    });
    expect(a.copy).toHaveBeenCalledWith('http://iris-model.ml.example.com');
    expect(a.openRun).toHaveBeenCalledWith('r-20250101-100000-abcdef');
    expect(a.undeploy).toHaveBeenCalledWith('iris-model');
  });

  it('shows restarts and warnings only when there are some', async () => {
    const quiet = await row(deployment());
    expect(quiet.querySelector('.jp-cellpipe-Deployment-restarts')).toBeNull();
    expect(quiet.querySelector('.jp-cellpipe-Deployment-warnings')).toBeNull();
    const node = await row(
      deployment({ restarts: 2, warnings: ['KServe cannot load xgboost'] })
    );
    expect(text(node, '.jp-cellpipe-Deployment-restarts')).toBe(
      'restarted 2 times'
    );
    expect(text(node, '.jp-cellpipe-Deployment-warnings')).toBe(
      'KServe cannot load xgboost'
    );
  });
});

describe('the test request of a ready deployment', () => {
  async function expanded(a: IDeploymentActions) {
    const node = await row(deployment(), a);
    React.act(() =>
      node
        .querySelector<HTMLButtonElement>('.jp-cellpipe-Deployment-toggle')!
        .click()
    );
    return node;
  }

  it('is prefilled for the model’s inputs and follows the protocol', async () => {
    const node = await expanded(actions());
    const body = node.querySelector<HTMLTextAreaElement>(
      '.jp-cellpipe-TestRequest-body'
    )!;
    expect(JSON.parse(body.value)).toEqual({ instances: [[0, 0, 0, 0]] });
    type(
      node.querySelector<HTMLSelectElement>(
        '.jp-cellpipe-TestRequest-protocol'
      )!,
      'v2'
    );
    expect(JSON.parse(body.value).inputs[0]).toMatchObject({
      shape: [1, 4],
      datatype: 'FP64'
    });
  });

  it('sends the typed text and shows the refusal clearly', async () => {
    const a = actions({
      kind: 'answer',
      response: {
        protocol: 'v1',
        status: 400,
        body: { error: 'expected 4 features, got 2' },
        latencyMs: 5
      }
    });
    const node = await expanded(a);
    type(
      node.querySelector<HTMLTextAreaElement>('.jp-cellpipe-TestRequest-body')!,
      '{"instances": [[1, 2]]}'
    );
    await React.act(async () => {
      node
        .querySelector<HTMLButtonElement>('.jp-cellpipe-TestRequest-send')!
        .click();
    });
    expect(a.send).toHaveBeenCalledWith(
      'iris-model',
      'v1',
      '{"instances": [[1, 2]]}'
    );
    const response = node.querySelector('.jp-cellpipe-TestResponse')!;
    expect(response.getAttribute('data-tone')).toBe('refused');
    expect(text(node, '.jp-cellpipe-TestResponse-status')).toBe(
      'Refused: HTTP 400 · 5 ms'
    );
    expect(text(node, '.jp-cellpipe-TestResponse-message')).toBe(
      'The model refused the request: expected 4 features, got 2'
    );
  });

  it('shows why invalid JSON was not sent', async () => {
    const node = await expanded(
      actions({ kind: 'invalid', message: 'The request is not valid JSON: …' })
    );
    await React.act(async () => {
      node
        .querySelector<HTMLButtonElement>('.jp-cellpipe-TestRequest-send')!
        .click();
    });
    const response = node.querySelector('.jp-cellpipe-TestResponse')!;
    expect(response.getAttribute('data-tone')).toBe('error');
    expect(response.textContent).toBe('The request is not valid JSON: …');
  });
});

describe('the run view’s artifacts', () => {
  it('offer Deploy for models only, and say where a model is deployed', async () => {
    const onDeploy = jest.fn();
    const node = await render(
      <ArtifactsView
        artifacts={[artifact('X', 'npy'), artifact('model', 'joblib')]}
        onDownload={async () => {}}
        runId={deployment().runId}
        deployments={[deployment({ status: 'unready' })]}
        onDeploy={onDeploy}
      />
    );
    const buttons = node.querySelectorAll<HTMLButtonElement>(
      '.jp-cellpipe-Artifacts-deploy'
    );
    expect(buttons).toHaveLength(1);
    expect(buttons[0].getAttribute('aria-label')).toBe(
      'Deploy model of step train'
    );
    React.act(() => buttons[0].click());
    expect(onDeploy).toHaveBeenCalledWith(artifact('model', 'joblib'));
    expect(
      [...node.querySelectorAll('.jp-cellpipe-Artifacts-deployed')].map(
        li => li.textContent
      )
    ).toEqual(['deployed as iris-model (not ready)']);
  });
});

describe('a canary in the run views', () => {
  it('the new run says it is the canary, the stable run says it keeps the rest', async () => {
    const canary = deployment({
      name: 'iris',
      runId: 'r-new',
      canaryTrafficPercent: 10,
      stable: { runId: 'r-old', step: 'train', artifact: 'model' }
    });
    const texts = async (runId: string) => {
      const node = await render(
        <ArtifactsView
          artifacts={[artifact('model', 'joblib')]}
          onDownload={async () => {}}
          runId={runId}
          deployments={[canary]}
        />
      );
      return [...node.querySelectorAll('.jp-cellpipe-Artifacts-deployed')].map(
        li => li.textContent
      );
    };
    expect(await texts('r-new')).toEqual([
      'deployed as iris (ready), canary 10%'
    ]);
    expect(await texts('r-old')).toEqual(['stable model of iris (ready, 90%)']);
    expect(await texts('r-other')).toEqual([]);
  });
});
