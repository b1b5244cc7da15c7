import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { CompileService } from './pipelines/CompileService.js';
import { NotebookFiles } from './pipelines/NotebookFiles.js';
import { PythonAnalyzer } from './pipelines/PythonAnalyzer.js';

export const HARNESS_SCRIPT = fileURLToPath(
  new URL('../runtime/harness.py', import.meta.url)
);

/** The analysis runs in Python; the harness is embedded in every step program. */
export function createCompileService(
  python: string | Promise<string>,
  notebookRoot?: string
): CompileService {
  const harness = readFileSync(HARNESS_SCRIPT, 'utf8');
  return new CompileService(
    new PythonAnalyzer({ python }),
    harness,
    notebookRoot !== undefined ? new NotebookFiles(notebookRoot) : undefined
  );
}
