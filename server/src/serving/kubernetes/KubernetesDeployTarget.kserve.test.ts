import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { ARTIFACTS_CLAIM, clusterSkip } from '../../testing/testCluster.js';
import {
  deploy,
  DeployTestBed,
  RUN,
  RUN2,
  target
} from './deployTargetSetup.fixture.js';
import { gone, recordOf, Reports } from './kubernetesDeploy.fixture.js';

/*
 * Deploying with KServe: an InferenceService (the stand-in CRD, installed
 * cluster-wide and removed again after), its states, a canary, and resume.
 */

const skip = clusterSkip();

describe('Kubernetes deploy target on the test control plane', { skip }, () => {
  const bed = DeployTestBed.register();

  describe('with KServe (a stand-in CRD; no KServe controller: the test writes its status)', () => {
    before(() => bed.crd.install());

    test('an InferenceService with the model’s format, storage on the claim, replicas, resources and labels; ready on Ready=True and Loaded', async () => {
      const t = bed.made(target(bed.ns.name));
      const reports = new Reports();
      const state = await deploy(t, reports, 'iris', bed.source, {
        minReplicas: 1,
        maxReplicas: 2,
        resources: { cpu: '1', memory_limit: '2Gi' }
      });
      assert.equal(state.kind, 'inference-service');
      assert.equal(state.status, 'deploying');
      assert.equal(state.modelFormat, 'sklearn');
      assert.equal(state.namespace, bed.ns.name);
      assert.deepEqual(state.handle, {
        namespace: bed.ns.name,
        object: 'iris',
        service: 'iris-predictor',
        port: 80
      });
      const isvc = await bed.read('iris');
      assert.deepEqual(isvc.spec.predictor, {
        minReplicas: 1,
        maxReplicas: 2,
        model: {
          modelFormat: { name: 'sklearn' },
          storageUri: `pvc://${ARTIFACTS_CLAIM}/${RUN}/train`,
          resources: { requests: { cpu: '1' }, limits: { memory: '2Gi' } }
        }
      });
      assert.deepEqual(isvc.metadata.labels, {
        'app.kubernetes.io/managed-by': 'cellpipe',
        'cellpipe.io/deployment': 'iris',
        'cellpipe.io/run': RUN,
        'cellpipe.io/step': 'train'
      });
      const waiting = await reports.until('iris', s =>
        /waiting for KServe/.test(s.reason ?? '')
      );
      assert.equal(waiting.status, 'deploying');

      const url = `http://iris-${bed.ns.name}.example.com`;
      await bed.status('iris', {
        status: {
          url,
          address: {
            url: `http://iris-predictor.${bed.ns.name}.svc.cluster.local`
          },
          conditions: [
            { type: 'IngressReady', status: 'True' },
            { type: 'PredictorReady', status: 'True' },
            { type: 'Ready', status: 'True' }
          ],
          modelStatus: {
            transitionStatus: 'UpToDate',
            states: { activeModelState: 'Loaded', targetModelState: 'Loaded' }
          }
        }
      });
      const ready = await reports.until('iris', s => s.status === 'ready');
      assert.equal(ready.url, url);
      assert.equal(ready.reason, null);

      // A canary: the same InferenceService gets the new version's storage
      // and the share of traffic; labels follow the new run.
      const next = { ...bed.source, runId: RUN2 };
      const canary = await deploy(t, reports, 'iris', next, {
        canaryTrafficPercent: 20,
        minReplicas: 1,
        maxReplicas: 2
      });
      assert.equal(canary.kind, 'inference-service');
      assert.equal(canary.url, url);
      const rolled = await bed.read('iris');
      assert.deepEqual(rolled.spec.predictor, {
        minReplicas: 1,
        maxReplicas: 2,
        canaryTrafficPercent: 20,
        model: {
          modelFormat: { name: 'sklearn' },
          storageUri: `pvc://${ARTIFACTS_CLAIM}/${RUN2}/train`
        }
      });
      assert.equal(rolled.metadata.labels['cellpipe.io/run'], RUN2);
      assert.equal(
        rolled.metadata.annotations['cellpipe.io/artifact'],
        'model'
      );
      // The previous version still serves: ready.
      await reports.until('iris', s => s.status === 'ready');

      // The new version fails to load: failed, in words.
      await bed.status('iris', {
        status: {
          modelStatus: {
            transitionStatus: 'BlockedByFailedLoad',
            states: {
              activeModelState: 'Loaded',
              targetModelState: 'FailedToLoad'
            },
            lastFailureInfo: {
              reason: 'ModelLoadFailed',
              exitCode: 1,
              message: "ModuleNotFoundError: No module named 'sklearn'"
            }
          }
        }
      });
      const broken = await reports.until('iris', s => s.status === 'failed');
      assert.equal(
        broken.reason,
        "the model failed to load (exit code 1): ModuleNotFoundError: No module named 'sklearn'"
      );

      await t.undeploy(recordOf('iris', next, reports.states.get('iris')!));
      assert.ok(await gone(() => bed.read('iris')));
    });

    test('no ServingRuntime for the format is failed in words; a canary of nothing is refused', async () => {
      const t = bed.made(target(bed.ns.name));
      const reports = new Reports();
      await deploy(t, reports, 'nort', bed.source);
      await bed.status('nort', {
        status: {
          conditions: [{ type: 'Ready', status: 'Unknown' }],
          modelStatus: {
            transitionStatus: 'InvalidSpec',
            states: { targetModelState: 'FailedToLoad' },
            lastFailureInfo: {
              reason: 'NoSupportingRuntime',
              message: 'No runtime found to support specified framework/version'
            }
          }
        }
      });
      const failed = await reports.until('nort', s => s.status === 'failed');
      assert.match(
        failed.reason ?? '',
        /^no ServingRuntime supports model format sklearn: No runtime found/
      );
      await assert.rejects(
        t.deploy(
          'ghost',
          bed.source,
          { canaryTrafficPercent: 10 },
          reports.report
        ),
        /there is no InferenceService "ghost" .* to roll a canary onto/
      );
      await assert.rejects(
        t.deploy('nort', bed.source, {}, reports.report),
        /an InferenceService named "nort" already exists/
      );
      await t.undeploy(
        recordOf('nort', bed.source, reports.states.get('nort')!)
      );
    });

    test('a model kept in a bucket: storageUri is its own s3:// object, the predictor runs as the S3 ServiceAccount, no claim warning', async () => {
      const t = bed.made(target(bed.ns.name));
      const reports = new Reports();
      const location = `s3://ml-artifacts/cellpipe/${RUN}/train/model.joblib`;
      const artifact = { ...bed.source.artifact, path: location };
      const source = {
        ...bed.source,
        artifact,
        stepArtifacts: [artifact],
        runTarget: 'local'
      };
      assert.deepEqual(t.warnings(source), []);
      const state = await deploy(t, reports, 'from-s3', source);
      assert.equal(state.kind, 'inference-service');
      const isvc = await bed.read('from-s3');
      assert.deepEqual(isvc.spec.predictor, {
        serviceAccountName: 'cellpipe-s3',
        model: { modelFormat: { name: 'sklearn' }, storageUri: location }
      });
      await t.undeploy(
        recordOf('from-s3', source, reports.states.get('from-s3')!)
      );
    });

    test('resume: a restarted server follows a recorded InferenceService', async () => {
      const first = bed.made(target(bed.ns.name));
      const reports = new Reports();
      await deploy(first, reports, 'kept', bed.source);
      await bed.status('kept', {
        status: {
          url: 'http://kept.example.com',
          conditions: [{ type: 'Ready', status: 'True' }]
        }
      });
      await reports.until('kept', s => s.status === 'ready');
      await first.stop();

      const second = bed.made(target(bed.ns.name));
      const later = new Reports();
      await second.resume(
        recordOf('kept', bed.source, reports.states.get('kept')!),
        later.report
      );
      await bed.status('kept', {
        status: {
          conditions: [
            {
              type: 'PredictorReady',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.'
            },
            { type: 'Ready', status: 'False' }
          ]
        }
      });
      const unready = await later.until('kept', s => s.status === 'unready');
      assert.match(
        unready.reason ?? '',
        /^PredictorReady is False \(MinimumReplicasUnavailable/
      );
      await second.undeploy(
        recordOf('kept', bed.source, later.states.get('kept')!)
      );
    });
  });
});
