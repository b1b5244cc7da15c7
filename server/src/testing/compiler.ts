import { readHarness } from '../app.js';
import type { ICompiled } from '../compiler/compile.js';
import { CompileService } from '../pipelines/CompileService.js';
import { NotebookFiles } from '../pipelines/NotebookFiles.js';
import { PythonAnalyzer } from '../pipelines/PythonAnalyzer.js';
import { resolvePython } from '../pipelines/pythonExecutable.js';

/** The real compile path: real Python analysis, the real harness; referenced notebooks read under `notebookRoot`. */
export function testCompileService(notebookRoot?: string): CompileService {
  return new CompileService(
    new PythonAnalyzer({ python: resolvePython() }),
    readHarness(),
    notebookRoot !== undefined ? new NotebookFiles(notebookRoot) : undefined
  );
}

export function compileWith(service: CompileService) {
  return (
    notebook: unknown,
    parameters?: Record<string, unknown>
  ): Promise<ICompiled> =>
    service.compile({ notebook, name: 'test', parameters });
}
