import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { createEngine } from './app.js';
import { createStderrLogger } from './logger.js';

test('a home folder the engine creates is private to its user (0700)', async () => {
  const home = join(
    mkdtempSync(join(tmpdir(), 'cellpipe-home-')),
    'new',
    'home'
  );
  const engine = createEngine({
    home,
    executors: [],
    deployTargets: [],
    logger: createStderrLogger('silent')
  });
  try {
    assert.equal(statSync(home).mode & 0o777, 0o700);
  } finally {
    await engine.stop();
    engine.close();
  }
});
