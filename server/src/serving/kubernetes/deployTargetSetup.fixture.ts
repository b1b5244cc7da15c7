import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

import {
  AppsV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions
} from '@kubernetes/client-node';
import { pino } from 'pino';

import {
  ARTIFACTS_CLAIM,
  TEST_KUBECONFIG,
  TestNamespace
} from '../../testing/testCluster.js';
import { prepareTestModel, type ITestModel } from '../../testing/testModel.js';
import type {
  DeployOptions,
  IDeploymentState,
  IDeploySource
} from '../DeployTarget.js';
import {
  KSERVE,
  KServeCrd,
  modelArtifact,
  type Reports
} from './kubernetesDeploy.fixture.js';
import { KubernetesDeployTarget } from './KubernetesDeployTarget.js';

/*
 * The setup the KubernetesDeployTarget.*.test.ts files share (the deploy
 * tests on the test control plane); not part of the server.
 */

export const RUN = 'r-20261201-101500-aa11bb';
export const RUN2 = 'r-20261202-101500-cc22dd';
const logger = pino({ level: 'silent' });

export function target(namespace: string, kubeconfig = TEST_KUBECONFIG) {
  return new KubernetesDeployTarget({
    options: { kubeconfig, namespace, artifactsClaim: ARTIFACTS_CLAIM },
    logger
  });
}

export async function deploy(
  t: KubernetesDeployTarget,
  reports: Reports,
  name: string,
  source: IDeploySource,
  options: DeployOptions = {}
): Promise<IDeploymentState> {
  const state = await t.deploy(name, source, options, reports.report);
  reports.record(name, state);
  return state;
}

/** An InferenceService as the tests read it back. */
export interface IReadInferenceService {
  metadata: {
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  spec: { predictor: Record<string, unknown> };
}

/**
 * A namespace, the KServe CRD absent (a run that crashed may have left
 * it), the test model and a source for it; the targets made are stopped,
 * the CRD removed and the namespace deleted after. `register()` inside a
 * describe adds its before and after hooks.
 */
export class DeployTestBed {
  ns!: TestNamespace;
  crd!: KServeCrd;
  apps!: AppsV1Api;
  custom!: CustomObjectsApi;
  model!: ITestModel;
  dir!: string;
  source!: IDeploySource;
  private readonly targets: KubernetesDeployTarget[] = [];

  static register(): DeployTestBed {
    const bed = new DeployTestBed();
    before(() => bed.setUp());
    after(() => bed.tearDown());
    return bed;
  }

  readonly made = (t: KubernetesDeployTarget) => (this.targets.push(t), t);

  /** Writes an InferenceService's status, as KServe's controller would. */
  readonly status = async (name: string, body: unknown): Promise<void> => {
    await this.custom.patchNamespacedCustomObjectStatus(
      { ...KSERVE, namespace: this.ns.name, name, body },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
    );
  };

  readonly read = async (name: string) =>
    (await this.custom.getNamespacedCustomObject({
      ...KSERVE,
      namespace: this.ns.name,
      name
    })) as IReadInferenceService;

  private async setUp(): Promise<void> {
    this.ns = await TestNamespace.create('deploy');
    this.crd = new KServeCrd(this.ns.kc);
    this.apps = this.ns.kc.makeApiClient(AppsV1Api);
    this.custom = this.ns.kc.makeApiClient(CustomObjectsApi);
    await this.crd.remove(); // a run that crashed may have left it
    this.dir = mkdtempSync(join(tmpdir(), 'cellpipe-deploy-'));
    this.model = await prepareTestModel(this.dir);
    const artifact = modelArtifact(join(this.model.modelDir, 'model.joblib'));
    this.source = {
      runId: RUN,
      step: 'train',
      artifact,
      stepArtifacts: [artifact],
      stepImage: 'registry.example/ml:1'
    };
  }

  private async tearDown(): Promise<void> {
    await Promise.all(this.targets.map(t => t.stop()));
    await this.crd?.remove();
    await this.ns?.delete();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
