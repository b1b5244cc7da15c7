import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import {
  AppsV1Api,
  loadAllYaml,
  type KubernetesObject,
  type V1Container,
  type V1Deployment,
  type V1ResourceAttributes,
  type V1Service
} from '@kubernetes/client-node';

import {
  applyToNamespace,
  canI,
  KUSTOMIZE_BASE,
  ofKind,
  renderKustomization,
  SERVICE_ACCOUNT,
  serviceAccountToken,
  tokenKubeconfig
} from '../testing/inCluster.js';
import {
  clusterSkip,
  RBAC_MANIFEST,
  TEST_KUBECONFIG,
  TestNamespace
} from '../testing/testCluster.js';

const skip = clusterSkip();

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function serverContainer(objects: KubernetesObject[]): V1Container {
  const [deployment] = ofKind<V1Deployment>(objects, 'Deployment');
  return deployment.spec!.template.spec!.containers[0];
}

describe('deploy/kustomize/base renders a server that fits the CLI and the Roles', () => {
  let objects: KubernetesObject[];
  before(async () => {
    objects = await renderKustomization();
  });

  test('the base holds the Roles of docs/kubernetes-rbac.yaml unchanged', () => {
    const docs = loadAllYaml(readFileSync(RBAC_MANIFEST, 'utf8'));
    const copy = loadAllYaml(
      readFileSync(`${KUSTOMIZE_BASE}/rbac.yaml`, 'utf8')
    );
    assert.deepEqual(
      copy,
      docs,
      'deploy/kustomize/base/rbac.yaml must be a copy of docs/kubernetes-rbac.yaml'
    );
  });

  test('the Deployment runs `cellpipe serve` on 0.0.0.0:8765 with the token, the pod identity and the lease', () => {
    const container = serverContainer(objects);
    assert.deepEqual(
      [...container.command!, ...container.args!],
      ['cellpipe', 'serve', '--host', '0.0.0.0', '--port', '8765']
    );
    const env = new Map(container.env!.map(e => [e.name, e]));
    assert.deepEqual(
      { ...env.get('CELLPIPE_TOKEN')!.valueFrom!.secretKeyRef },
      {
        name: 'cellpipe-token',
        key: 'token'
      }
    );
    assert.equal(
      env.get('POD_NAME')!.valueFrom!.fieldRef!.fieldPath,
      'metadata.name'
    );
    assert.equal(
      env.get('POD_NAMESPACE')!.valueFrom!.fieldRef!.fieldPath,
      'metadata.namespace'
    );
    assert.equal(container.readinessProbe!.httpGet!.path, '/api/ready');
    assert.equal(container.image, 'cellpipe-server');
    const [config] = ofKind<KubernetesObject & { data: object }>(
      objects,
      'ConfigMap'
    );
    assert.equal(
      container.envFrom![0].configMapRef!.name,
      config.metadata!.name
    );
    assert.deepEqual(
      { ...config.data },
      {
        CELLPIPE_ARTIFACTS: 's3://cellpipe-artifacts',
        CELLPIPE_LEADER_LEASE: 'cellpipe-leader',
        CELLPIPE_S3_SECRET: 'cellpipe-s3'
      }
    );
  });

  test('the example overlay sets the namespace, the image and the bucket, and keeps the rest', async () => {
    const example = await renderKustomization(
      KUSTOMIZE_BASE.replace(/base$/, 'example')
    );
    const names = (list: KubernetesObject[]) =>
      list.map(o =>
        o.kind === 'ConfigMap' ? 'ConfigMap' : `${o.kind}/${o.metadata!.name}`
      );
    assert.deepEqual(names(example), names(objects));
    for (const o of example) {
      assert.equal(o.metadata!.namespace, 'cellpipe', `${o.kind} namespace`);
    }
    assert.equal(
      serverContainer(example).image,
      'registry.example/cellpipe/server:0.1.0'
    );
    const [config] = ofKind<KubernetesObject & { data: object }>(
      example,
      'ConfigMap'
    );
    assert.equal(
      serverContainer(example).envFrom![0].configMapRef!.name,
      config.metadata!.name
    );
    assert.deepEqual(Object.keys(config.data).sort(), [
      'CELLPIPE_ALLOW_ORIGINS',
      'CELLPIPE_ARTIFACTS',
      'CELLPIPE_LEADER_LEASE',
      'CELLPIPE_S3_ENDPOINT',
      'CELLPIPE_S3_SECRET'
    ]);
  });

  test('the pod shares one process namespace, so orphans of local steps are reaped, not left to Node as PID 1', () => {
    const [deployment] = ofKind<V1Deployment>(objects, 'Deployment');
    assert.equal(deployment.spec!.template.spec!.shareProcessNamespace, true);
  });

  test("the Service selects the Deployment's pods on the named port", () => {
    const [service] = ofKind<V1Service>(objects, 'Service');
    const [deployment] = ofKind<V1Deployment>(objects, 'Deployment');
    const labels = deployment.spec!.template.metadata!.labels!;
    for (const [key, value] of Object.entries(service.spec!.selector!)) {
      assert.equal(labels[key], value, key);
    }
    assert.equal(service.spec!.ports![0].targetPort, 'http');
  });
});

describe('deploy/kustomize/base on the control plane', { skip }, () => {
  let ns: TestNamespace;
  let objects: KubernetesObject[];
  before(async () => {
    ns = await TestNamespace.create('manifests');
    objects = await renderKustomization();
  });
  after(() => ns.delete());

  test('a server-side dry run accepts every object and stores none', async () => {
    const checked = await applyToNamespace(ns, objects, true);
    assert.equal(checked.length, objects.length);
    const deployments = await ns.kc
      .makeApiClient(AppsV1Api)
      .listNamespacedDeployment({ namespace: ns.name });
    assert.equal(deployments.items.length, 0);
  });

  test(
    '`kubectl apply -k --dry-run=server` accepts the base',
    {
      skip: hasKubectl()
        ? false
        : 'no kubectl here (the API dry run above covers it)'
    },
    async () => {
      const { stdout } = await promisify(execFile)('kubectl', [
        'apply',
        '-k',
        KUSTOMIZE_BASE,
        '--dry-run=server',
        '-o',
        'name',
        '-n',
        ns.name,
        '--kubeconfig',
        TEST_KUBECONFIG!
      ]);
      assert.equal(stdout.trim().split('\n').length, objects.length, stdout);
    }
  );

  test('applied for real, the objects exist and the Deployment makes a pod as the ServiceAccount', async () => {
    await ns.core.createNamespacedSecret({
      namespace: ns.name,
      body: { metadata: { name: 'cellpipe-token' }, stringData: { token: 't' } }
    });
    const stored = await applyToNamespace(ns, objects);
    assert.deepEqual(
      stored.map(o => `${o.kind}/${o.metadata!.name}`),
      objects.map(o => `${o.kind}/${o.metadata!.name}`)
    );
    for (const o of stored) {
      assert.equal(o.metadata!.namespace, ns.name, `${o.kind} namespace`);
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      const pods = await ns.core.listNamespacedPod({
        namespace: ns.name,
        labelSelector: 'app.kubernetes.io/name=cellpipe-server'
      });
      if (pods.items.length > 0) {
        assert.equal(pods.items[0].spec!.serviceAccountName, SERVICE_ACCOUNT);
        break;
      }
      assert.ok(Date.now() < deadline, 'the Deployment made no pod');
      await new Promise(r => setTimeout(r, 200));
    }
  });

  test("the ServiceAccount's token may do what the server does, and no more", async () => {
    const kubeconfig = tokenKubeconfig(ns, await serviceAccountToken(ns));
    const here = (a: V1ResourceAttributes) => ({ namespace: ns.name, ...a });
    const allowed: V1ResourceAttributes[] = [
      { group: 'batch', resource: 'jobs', verb: 'create' },
      { group: 'batch', resource: 'jobs', verb: 'watch' },
      { resource: 'pods', verb: 'watch' },
      { resource: 'pods', subresource: 'log', verb: 'get' },
      { resource: 'configmaps', verb: 'update' },
      { resource: 'persistentvolumeclaims', verb: 'get' },
      { group: 'coordination.k8s.io', resource: 'leases', verb: 'create' },
      {
        group: 'coordination.k8s.io',
        resource: 'leases',
        name: 'cellpipe-leader',
        verb: 'update'
      },
      { resource: 'secrets', name: 'cellpipe-s3', verb: 'get' },
      { resource: 'pods', name: 'cellpipe-server-0', verb: 'get' },
      {
        group: 'serving.kserve.io',
        resource: 'inferenceservices',
        verb: 'patch'
      }
    ];
    const denied: V1ResourceAttributes[] = [
      { resource: 'secrets', name: 'cellpipe-token', verb: 'get' },
      { resource: 'secrets', verb: 'list' },
      {
        group: 'coordination.k8s.io',
        resource: 'leases',
        name: 'kube-scheduler',
        verb: 'update'
      },
      { group: 'rbac.authorization.k8s.io', resource: 'roles', verb: 'create' },
      { resource: 'pods', verb: 'delete' }
    ];
    for (const a of allowed) {
      assert.equal(await canI(kubeconfig, here(a)), true, JSON.stringify(a));
    }
    for (const a of denied) {
      assert.equal(await canI(kubeconfig, here(a)), false, JSON.stringify(a));
    }
    assert.equal(
      await canI(kubeconfig, {
        namespace: 'default',
        group: 'batch',
        resource: 'jobs',
        verb: 'create'
      }),
      false,
      'jobs in another namespace'
    );
  });
});
