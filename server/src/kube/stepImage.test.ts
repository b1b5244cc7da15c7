import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { stepImage, stepImages, targetImage } from './stepImage.js';

const ownPod = {
  pod: 'cellpipe/jupyter-abc',
  container: 'notebook',
  image: 'quay.io/jupyter/scipy-notebook@sha256:' + 'a'.repeat(64)
};

describe('the image of steps that name none', () => {
  const cases: Array<
    [string, Parameters<typeof targetImage>[0], string, string]
  > = [
    ['the flag wins', { flag: 'a:1', env: 'b:1', ownPod }, 'a:1', '--image'],
    [
      'then the environment',
      { env: 'b:1', ownPod },
      'b:1',
      'CELLPIPE_STEP_IMAGE'
    ],
    [
      'then the own pod',
      { ownPod },
      ownPod.image,
      'from the notebook pod cellpipe/jupyter-abc'
    ],
    ['else the default', { ownPod: null }, 'python:3.11-slim', 'default']
  ];
  for (const [name, inputs, image, source] of cases) {
    test(name, () => {
      assert.deepEqual(targetImage(inputs), { image, source });
    });
  }
});

describe("a step's image", () => {
  const target = { image: 't:1', source: 'CELLPIPE_STEP_IMAGE' };
  test('its own runtime_image comes first', () => {
    assert.deepEqual(stepImage({ runtime_image: 's:1' }, 'p:1', target), {
      image: 's:1',
      source: 'step setting runtime_image'
    });
  });
  test("the pipeline default's image is said to come from it", () => {
    assert.deepEqual(stepImage({ runtime_image: 'p:1' }, 'p:1', target), {
      image: 'p:1',
      source: 'pipeline default runtime_image'
    });
  });
  test('a step without one gets the target image and its reason', () => {
    assert.deepEqual(stepImage({}, undefined, target), target);
  });
  test('every step of a compile, by name', () => {
    const images = stepImages(
      {
        steps: [
          { name: 'load', properties: { runtime_image: 'kale:2' } },
          { name: 'train', properties: { runtime_image: 'gpu:1' } },
          { name: 'report', properties: {} }
        ],
        defaults: { runtime_image: 'kale:2' }
      },
      target
    );
    assert.deepEqual(
      Object.entries(images).map(([s, i]) => `${s}: ${i.image} (${i.source})`),
      [
        'load: kale:2 (pipeline default runtime_image)',
        'train: gpu:1 (step setting runtime_image)',
        'report: t:1 (CELLPIPE_STEP_IMAGE)'
      ]
    );
  });
});
