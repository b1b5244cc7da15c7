import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pino } from 'pino';

import { createEngine, type IEngine, type IEngineOptions } from '../app.js';
import { resolvePython } from '../pipelines/pythonExecutable.js';

/**
 * A real engine (SQLite file, local executor, real Python) in a fresh folder;
 * `workDir`, another fresh folder, is its notebook root.
 */
export function testEngine(
  options: Partial<IEngineOptions> = {}
): IEngine & { workDir: string } {
  const home = mkdtempSync(join(tmpdir(), 'cellpipe-engine-'));
  const workDir = mkdtempSync(join(tmpdir(), 'cellpipe-work-'));
  const engine = createEngine({
    home,
    notebookRoot: workDir,
    python: resolvePython(),
    logger: pino({ level: 'silent' }),
    killGraceMs: 500,
    concurrency: 4,
    // A Kubernetes check Job takes ~6 s on kwok: only the tests about it ask for it.
    checkImports: ['local'],
    ...options
  });
  return { ...engine, workDir };
}

/** True when the process is gone (or a zombie nobody reaped, which runs nothing). */
export function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

export async function until(
  check: () => boolean,
  timeoutMs = 10_000,
  what = 'condition'
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 25));
  }
}
