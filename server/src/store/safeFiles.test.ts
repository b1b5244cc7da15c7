import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { linkOrCopyInside } from './safeFiles.js';

/** The copy a deployment serves (LocalDeployTarget) and a cached step adopts. */
describe('linkOrCopyInside takes only regular files from inside the root', () => {
  const base = mkdtempSync(join(tmpdir(), 'cellpipe-safe-'));
  const root = join(base, 'artifacts');
  const step = join(root, 'r-1', 'train');
  mkdirSync(step, { recursive: true });
  writeFileSync(join(base, 'token.txt'), 'server secret');
  const target = join(base, 'model-copy');

  test('a model file is linked', async () => {
    writeFileSync(join(step, 'model.joblib'), 'model bytes');
    await linkOrCopyInside(join(step, 'model.joblib'), target, root);
    assert.equal(readFileSync(target, 'utf8'), 'model bytes');
  });

  test('a model replaced by a link to a file outside is refused', async () => {
    symlinkSync(join(base, 'token.txt'), join(step, 'evil.joblib'));
    await assert.rejects(
      linkOrCopyInside(join(step, 'evil.joblib'), `${target}-2`, root),
      /symbolic link: refused/
    );
  });

  test('a run folder linked to a folder outside is refused', async () => {
    symlinkSync(base, join(root, 'r-2'));
    await assert.rejects(
      linkOrCopyInside(join(root, 'r-2', 'token.txt'), `${target}-3`, root),
      /leads outside/
    );
  });
});
