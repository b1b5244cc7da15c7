import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { bundleHarness } from './harnessBundle.js';
import { CompileService } from './pipelines/CompileService.js';
import { NotebookFiles } from './pipelines/NotebookFiles.js';
import type { AnalysisProcess } from './pipelines/AnalysisProcess.js';
import { PythonAnalyzer } from './pipelines/PythonAnalyzer.js';

export const HARNESS_SCRIPT = fileURLToPath(
  new URL('../runtime/harness.py', import.meta.url)
);

/** Runtime modules appended to harness.py in every step program (each stdlib only, no `from __future__`; the harness looks their names up). */
const HARNESS_PARTS = ['model_sample.py', 'object_values.py'];

/** The harness text every step program starts with: harness.py and its appended parts. */
export function readHarness(): string {
  const parts = HARNESS_PARTS.map(name =>
    readFileSync(new URL(`../runtime/${name}`, import.meta.url), 'utf8')
  );
  return [bundleHarness(HARNESS_SCRIPT), ...parts]
    .map(text => text.trimEnd())
    .join('\n\n\n');
}

/** The analysis runs in Python; the harness is embedded in every step program. */
export function createCompileService(
  python: string | Promise<string>,
  notebookRoot?: string,
  started?: AnalysisProcess
): CompileService {
  const harness = readHarness();
  return new CompileService(
    new PythonAnalyzer({ python, started }),
    harness,
    notebookRoot !== undefined ? new NotebookFiles(notebookRoot) : undefined
  );
}
