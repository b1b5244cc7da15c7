import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { CompileService } from './pipelines/CompileService.js';
import { NotebookFiles } from './pipelines/NotebookFiles.js';
import { PythonAnalyzer } from './pipelines/PythonAnalyzer.js';

export const HARNESS_SCRIPT = fileURLToPath(
  new URL('../runtime/harness.py', import.meta.url)
);

/** Runtime modules appended to the harness, in order (each defines names the harness looks up). */
const HARNESS_MODULES = ['object_values.py'];

/**
 * The text every step program starts with: the harness, then the modules it
 * uses when the run context asks for them (object storage).
 */
export function harnessSource(): string {
  const parts = [readFileSync(HARNESS_SCRIPT, 'utf8')];
  for (const name of HARNESS_MODULES) {
    const file = fileURLToPath(new URL(`../runtime/${name}`, import.meta.url));
    parts.push(`# ---- ${name} ----\n${readFileSync(file, 'utf8')}`);
  }
  return parts.map(p => p.trimEnd()).join('\n\n\n') + '\n';
}

/** The analysis runs in Python; the harness is embedded in every step program. */
export function createCompileService(
  python: string | Promise<string>,
  notebookRoot?: string
): CompileService {
  const harness = harnessSource();
  return new CompileService(
    new PythonAnalyzer({ python }),
    harness,
    notebookRoot !== undefined ? new NotebookFiles(notebookRoot) : undefined
  );
}
