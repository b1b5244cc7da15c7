import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { EngineLease } from './EngineLease.js';

describe('engine leases on a shared home', () => {
  test('a lone engine recovers; its lease goes on release', () => {
    const home = mkdtempSync(join(tmpdir(), 'cellpipe-lease-'));
    const lease = EngineLease.acquire(home);
    assert.equal(lease.othersAlive, false);
    assert.equal(readdirSync(join(home, 'engines')).length, 1);
    lease.release();
    assert.equal(readdirSync(join(home, 'engines')).length, 0);
  });

  test('a lease of a dead process is cleared and does not block recovery', () => {
    const home = mkdtempSync(join(tmpdir(), 'cellpipe-lease-'));
    EngineLease.acquire(home); // not released: as if it had crashed...
    writeFileSync(join(home, 'engines', '999999-1'), ''); // ...and a long-gone process
    const lease = EngineLease.acquire(home);
    // Our own earlier lease has our pid, so it does not count as another engine.
    assert.equal(lease.othersAlive, false);
    assert.equal(
      readdirSync(join(home, 'engines')).includes('999999-1'),
      false
    );
  });

  test('another live engine on the same home blocks recovery', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cellpipe-lease-'));
    const other = spawn(
      process.execPath,
      ['-e', 'setTimeout(() => {}, 10000)'],
      { stdio: 'ignore' }
    );
    try {
      const stat = await import('node:fs').then(fs =>
        fs.readFileSync(`/proc/${other.pid}/stat`, 'utf8')
      );
      const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      EngineLease.acquire(home).release();
      writeFileSync(join(home, 'engines', `${other.pid}-${started}`), '');
      assert.equal(EngineLease.acquire(home).othersAlive, true);
    } finally {
      other.kill();
    }
  });
});
