import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { AnalysisProcess } from './AnalysisProcess.js';
import { PythonAnalyzer } from './PythonAnalyzer.js';
import { resolvePython } from './pythonExecutable.js';

const CELLS = [{ id: 'a', source: 'x = 1' }];

/** A stand-in analyze.py that answers one fixed cell, to tell which process answered. */
function fixedScript(id: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cellpipe-analyzer-'));
  const path = join(dir, `${id}.py`);
  writeFileSync(
    path,
    `import json, sys\nsys.stdin.read()\nprint(json.dumps({"cells": [{"id": ${JSON.stringify(id)}, "defines": [], "reads": []}]}))\n`
  );
  return path;
}

describe('PythonAnalyzer', () => {
  test('the real analysis reads what a cell defines', async () => {
    const analyzer = new PythonAnalyzer({ python: resolvePython() });
    const outcome = await analyzer.analyze(CELLS);
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.cells.get('a')?.defines, ['x']);
  });

  test('a process started beforehand answers the first analysis only', async () => {
    const python = await resolvePython();
    const started = new AnalysisProcess(python, fixedScript('from-started'));
    const analyzer = new PythonAnalyzer({
      python,
      script: fixedScript('fresh'),
      started
    });
    const first = await analyzer.analyze(CELLS);
    const second = await analyzer.analyze(CELLS);
    assert.ok(first.ok && second.ok);
    assert.deepEqual([...first.cells.keys()], ['from-started']);
    assert.deepEqual([...second.cells.keys()], ['fresh']);
  });

  test('a discarded process ends without waiting for cells', async () => {
    const started = new AnalysisProcess(await resolvePython());
    started.discard();
    const exit = await started.analyze(CELLS);
    assert.equal(exit.kind, 'exited');
    assert.notEqual(exit.kind === 'exited' && exit.code, 0);
  });

  test('a missing Python says where it looked', async () => {
    const analyzer = new PythonAnalyzer({ python: '/nonexistent/python3' });
    const outcome = await analyzer.analyze(CELLS);
    assert.deepEqual(outcome, {
      ok: false,
      message:
        'Python was not found at "/nonexistent/python3": install Python 3 or set CELLPIPE_PYTHON'
    });
  });

  test('a crashing analysis reports its exit and the end of its stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cellpipe-analyzer-'));
    const script = join(dir, 'crash.py');
    writeFileSync(
      script,
      'import sys\nsys.stderr.write("boom\\n")\nsys.exit(3)\n'
    );
    const analyzer = new PythonAnalyzer({ python: resolvePython(), script });
    const outcome = await analyzer.analyze(CELLS);
    assert.deepEqual(outcome, {
      ok: false,
      message: 'the Python analysis exited with 3: boom'
    });
  });

  test('an aborted analysis is cancelled, not an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cellpipe-analyzer-'));
    const script = join(dir, 'slow.py');
    writeFileSync(script, 'import time\ntime.sleep(30)\n');
    const analyzer = new PythonAnalyzer({ python: resolvePython(), script });
    const controller = new AbortController();
    const pending = analyzer.analyze(CELLS, controller.signal);
    setTimeout(() => controller.abort(), 100);
    assert.deepEqual(await pending, {
      ok: false,
      message: 'the analysis was cancelled'
    });
  });
});
