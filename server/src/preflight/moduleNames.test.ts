import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { distributionOf, providedBy, requirementName } from './moduleNames.js';

describe('what to pip install for a missing module', () => {
  test('the usual import names that are not their pip names', () => {
    assert.deepEqual(
      ['sklearn', 'cv2', 'PIL', 'yaml', 'numpy', 'tensorflow_hub'].map(
        distributionOf
      ),
      [
        'scikit-learn',
        'opencv-python',
        'pillow',
        'pyyaml',
        'numpy',
        'tensorflow-hub'
      ]
    );
  });
  test("a step's packages provide a module by its pip name, in pip's normal form", () => {
    assert.equal(requirementName('Scikit_Learn>=1.5'), 'scikit-learn');
    assert.equal(providedBy('sklearn', ['scikit-learn==1.5']), true);
    assert.equal(providedBy('yaml', ['PyYAML']), true);
    assert.equal(providedBy('torch', ['numpy']), false);
  });
});
