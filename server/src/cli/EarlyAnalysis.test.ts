import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, test } from 'node:test';

import { resolvePython } from '../pipelines/pythonExecutable.js';
import { EarlyAnalysis } from './EarlyAnalysis.js';

const dir = mkdtempSync(join(tmpdir(), 'cellpipe-early-'));
const marker = join(dir, 'started');

/** A Python that writes its pid to `marker` when it starts, then is the real one. */
async function recordingPython(): Promise<NodeJS.ProcessEnv> {
  const python = join(dir, 'python');
  writeFileSync(
    python,
    `#!/bin/sh\necho $$ >> '${marker}'\nexec '${await resolvePython()}' "$@"\n`
  );
  chmodSync(python, 0o755);
  return { ...process.env, CELLPIPE_PYTHON: python };
}

async function startedPids(waitMs = 5000): Promise<number[]> {
  for (const end = Date.now() + waitMs; Date.now() < end;) {
    if (existsSync(marker)) {
      return readFileSync(marker, 'utf8').trim().split('\n').map(Number);
    }
    await sleep(20);
  }
  return [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('EarlyAnalysis', () => {
  afterEach(() => rmSync(marker, { force: true }));

  test('compile starts Python before the command asks, and the command gets that process', async () => {
    const env = await recordingPython();
    const early = new EarlyAnalysis(
      ['node', 'cellpipe', 'compile', 'nb.ipynb'],
      env
    );
    const [pid] = await startedPids();
    assert.ok(pid > 0, 'Python started before take()');
    const { analysis } = await early.take();
    const exit = await analysis.analyze([{ id: 'a', source: 'x = 1' }]);
    assert.equal(exit.kind, 'exited');
    assert.match(
      exit.kind === 'exited' ? exit.stdout : '',
      /"defines":\["x"\]/
    );
    assert.deepEqual(await startedPids(), [pid], 'no second process');
  });

  test('--help and other commands start nothing until a command takes one', async () => {
    const env = await recordingPython();
    for (const argv of [
      ['node', 'cellpipe', 'compile', '--help'],
      ['node', 'cellpipe', 'run', 'nb.ipynb', '-h'],
      ['node', 'cellpipe', 'serve']
    ]) {
      new EarlyAnalysis(argv, env).stop();
    }
    assert.deepEqual(await startedPids(300), []);
    const early = new EarlyAnalysis([], env);
    const { analysis } = await early.take();
    assert.equal((await startedPids()).length, 1, 'take() starts one');
    analysis.discard();
  });

  test('stop() ends a process no command took (a usage error, a missing file)', async () => {
    const env = await recordingPython();
    const early = new EarlyAnalysis(
      ['node', 'cellpipe', 'run', 'nb.ipynb'],
      env
    );
    const [pid] = await startedPids();
    assert.ok(alive(pid));
    early.stop();
    for (let i = 0; i < 100 && alive(pid); i++) {
      await sleep(20);
    }
    assert.equal(alive(pid), false, 'the analysis process was killed');
  });
});
