import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { migrate } from './migrations.js';

describe('pipeline metadata migrations', () => {
  // A made-up history: v1 stored `image`, v2 renamed it, v3 added `edges`.
  const history = {
    1: (doc: Record<string, unknown>) => {
      const { image, ...rest } = doc;
      return { ...rest, defaults: { runtime_image: image } };
    },
    2: (doc: Record<string, unknown>) => ({ ...doc, edges: doc.edges ?? [] })
  };

  test('apply one version at a time up to the target', () => {
    assert.deepEqual(migrate({ version: 1, image: 'py:3' }, history, 3), {
      version: 3,
      defaults: { runtime_image: 'py:3' },
      edges: []
    });
  });

  test('start from the version the document has', () => {
    assert.deepEqual(migrate({ version: 2, defaults: {} }, history, 3), {
      version: 3,
      defaults: {},
      edges: []
    });
  });

  test('leave a current document as it is', () => {
    assert.deepEqual(migrate({ version: 3, edges: [] }, history, 3), {
      version: 3,
      edges: []
    });
  });

  test('refuse a document from a newer format', () => {
    const problem = migrate({ version: 4 }, history, 3);
    assert.equal((problem as { kind: string }).kind, 'unsupported-version');
  });

  test('report a gap in the history instead of guessing', () => {
    const problem = migrate({ version: 1 }, { 2: history[2] }, 3);
    assert.match(
      (problem as { message: string }).message,
      /no migration from pipeline format 1/
    );
  });

  test('refuse a version that is not a positive integer', () => {
    for (const version of [0, -1, 1.5, '1']) {
      assert.equal(
        (migrate({ version }, history, 3) as { kind: string }).kind,
        'invalid-metadata'
      );
    }
  });
});
