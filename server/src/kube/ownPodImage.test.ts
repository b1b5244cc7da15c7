import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { V1Pod } from '@kubernetes/client-node';

import { ownPodPlace, pinnedImage, podImage } from './ownPodImage.js';

const DIGEST = 'sha256:' + 'b'.repeat(64);

function pod(
  containers: string[],
  statuses: Record<string, string> = {}
): V1Pod {
  return {
    metadata: { namespace: 'team', name: 'jupyter-ada' },
    spec: {
      containers: containers.map(name => ({ name, image: `${name}:1` }))
    },
    status: {
      containerStatuses: Object.entries(statuses).map(([name, imageID]) => ({
        name,
        image: `${name}:1`,
        imageID,
        ready: true,
        restartCount: 0
      }))
    }
  };
}

describe('where the server runs', () => {
  test('the downward API names the pod', () => {
    assert.deepEqual(ownPodPlace({ POD_NAME: 'p', POD_NAMESPACE: 'ns' }), {
      namespace: 'ns',
      name: 'p'
    });
  });
  test('in a cluster, HOSTNAME is the pod and the service account its namespace', () => {
    const env = {
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      HOSTNAME: 'jupyter-ada'
    };
    assert.deepEqual(
      ownPodPlace(env, () => 'team'),
      {
        namespace: 'team',
        name: 'jupyter-ada'
      }
    );
  });
  test('outside a cluster, HOSTNAME is just the machine', () => {
    assert.equal(
      ownPodPlace({ HOSTNAME: 'laptop' }, () => 'team'),
      null
    );
  });
});

describe("the pod's image", () => {
  test('the container named like the notebook, pinned to the digest it runs', () => {
    const found = podImage(
      pod(['istio-proxy', 'notebook'], {
        notebook: `docker-pullable://quay.io/jupyter/scipy@${DIGEST}`
      }),
      {}
    );
    assert.deepEqual(found, {
      pod: 'team/jupyter-ada',
      container: 'notebook',
      image: `quay.io/jupyter/scipy@${DIGEST}`
    });
  });
  test('CELLPIPE_CONTAINER chooses; a bare image id keeps the spec image', () => {
    const found = podImage(pod(['notebook', 'lab'], { lab: DIGEST }), {
      CELLPIPE_CONTAINER: 'lab'
    });
    assert.deepEqual(found, {
      pod: 'team/jupyter-ada',
      container: 'lab',
      image: 'lab:1'
    });
  });
  test('else the first container', () => {
    assert.equal(
      (podImage(pod(['main', 'side']), {}) as { image: string }).image,
      'main:1'
    );
  });
  test('a container CELLPIPE_CONTAINER names that is not there is said so', () => {
    assert.deepEqual(podImage(pod(['main']), { CELLPIPE_CONTAINER: 'x' }), {
      error:
        'pod team/jupyter-ada has no container named x (CELLPIPE_CONTAINER)'
    });
  });
  test('only repo@sha256 references are pinned images', () => {
    assert.equal(pinnedImage(`a/b@${DIGEST}`), `a/b@${DIGEST}`);
    assert.equal(pinnedImage(DIGEST), null);
    assert.equal(pinnedImage(''), null);
  });
});
