import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { pino } from 'pino';

import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  TEST_KUBECONFIG,
  TestNamespace
} from '../../testing/testCluster.js';
import { prepareTestModel, type ITestModel } from '../../testing/testModel.js';
import type { IDeploySource } from '../DeployTarget.js';
import {
  eventually,
  modelArtifact,
  reachableAddress,
  recordOf,
  startModelServer
} from './kubernetesDeploy.fixture.js';
import { KubernetesDeployTarget } from './KubernetesDeployTarget.js';

const skip = clusterSkip();

describe(
  'test requests through the API server’s service proxy',
  { skip },
  () => {
    let ns: TestNamespace;
    let model: ITestModel;
    let dir: string;
    let source: IDeploySource;
    const targets: KubernetesDeployTarget[] = [];
    const made = (namespace: string) => {
      const t = new KubernetesDeployTarget({
        options: {
          kubeconfig: TEST_KUBECONFIG,
          namespace,
          artifactsClaim: ARTIFACTS_CLAIM
        },
        logger: pino({ level: 'silent' })
      });
      targets.push(t);
      return t;
    };

    before(async () => {
      ns = await TestNamespace.create('forward');
      dir = mkdtempSync(join(tmpdir(), 'cellpipe-forward-'));
      model = await prepareTestModel(dir);
      const artifact = modelArtifact(join(model.modelDir, 'model.joblib'));
      source = {
        runId: 'r-20261201-101500-aa11bb',
        step: 'train',
        artifact,
        stepArtifacts: [artifact],
        stepImage: null
      };
    });

    after(async () => {
      await Promise.all(targets.map(t => t.stop()));
      await ns?.delete();
      rmSync(dir, { recursive: true, force: true });
    });

    const address = reachableAddress();

    test(
      'reach a real model server behind a Service; the endpoint’s own 400 comes back as an answer',
      { skip: !address && 'no non-loopback address' },
      async () => {
        const server = await startModelServer(model, 'fwd', address!);
        try {
          const namespace = ns.name;
          // A Service without selector whose Endpoints point at the model
          // server on this machine, as a pod's IP would on a real node. The
          // API server proxies only to an address of the pod the endpoint
          // names, so a pod that is never scheduled gets this IP as its own.
          await ns.core.createNamespacedPod({
            namespace,
            body: {
              metadata: { name: 'fwd-pod' },
              spec: {
                schedulerName: 'cellpipe-test-nobody',
                containers: [{ name: 'model', image: 'none' }]
              }
            }
          });
          await ns.core.patchNamespacedPodStatus(
            {
              name: 'fwd-pod',
              namespace,
              body: { status: { podIP: address, podIPs: [{ ip: address }] } }
            },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
          );
          await ns.core.createNamespacedService({
            namespace,
            body: {
              metadata: { name: 'fwd' },
              spec: { ports: [{ port: 80, targetPort: server.port }] }
            }
          });
          await ns.core.createNamespacedEndpoints({
            namespace,
            body: {
              metadata: { name: 'fwd' },
              subsets: [
                {
                  addresses: [
                    {
                      ip: address!,
                      targetRef: { kind: 'Pod', name: 'fwd-pod', namespace }
                    }
                  ],
                  ports: [{ port: server.port }]
                }
              ]
            }
          });
          const t = made(namespace);
          const record = recordOf('fwd', source, {
            kind: 'deployment',
            status: 'ready',
            handle: { namespace, object: 'fwd', service: 'fwd', port: 80 }
          });
          const signal = AbortSignal.timeout(10_000);
          const v1 = await t.forward(
            record,
            '/v1/models/fwd:predict',
            { instances: model.rows },
            signal
          );
          assert.equal(v1.status, 200);
          assert.deepEqual(
            (v1.body as { predictions: number[] }).predictions,
            model.predictions
          );
          const refused = await t.forward(
            record,
            '/v2/models/fwd/infer',
            {
              inputs: [
                { name: 'x', shape: [1, 2], datatype: 'FP64', data: [1] }
              ]
            },
            signal
          );
          assert.equal(refused.status, 400);
          assert.match(JSON.stringify(refused.body), /error/);
          const meta = await t.forward(
            record,
            '/v2/models/fwd',
            undefined,
            signal
          );
          assert.equal(meta.status, 200);
        } finally {
          server.child.kill();
        }
      }
    );

    test('no ready pod, or no Service: the API server’s refusal in words', async () => {
      const namespace = ns.name;
      // Like a model server whose pods are not ready: its selector matches none.
      await ns.core.createNamespacedService({
        namespace,
        body: {
          metadata: { name: 'empty' },
          spec: {
            selector: { 'cellpipe.io/deployment': 'none' },
            ports: [{ port: 80, targetPort: 8080 }]
          }
        }
      });
      await eventually('the endpoints controller has seen the Service', () =>
        ns.core
          .readNamespacedEndpoints({ name: 'empty', namespace })
          .then(() => true)
          .catch(() => false)
      );
      const t = made(namespace);
      const record = (service: string) =>
        recordOf(service, source, {
          kind: 'deployment',
          status: 'ready',
          handle: { namespace, object: service, service, port: 80 }
        });
      const signal = AbortSignal.timeout(10_000);
      await assert.rejects(
        t.forward(record('empty'), '/v1/models/empty:predict', {}, signal),
        /no ready pod behind service empty in namespace .*no endpoints available/
      );
      await assert.rejects(
        t.forward(record('nothing'), '/v1/models/nothing:predict', {}, signal),
        /the API server found no service nothing in namespace/
      );
    });
  }
);
