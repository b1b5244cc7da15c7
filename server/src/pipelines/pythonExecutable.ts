import { execFile } from 'node:child_process';

/**
 * The Python to run steps and the analysis with: `$CELLPIPE_PYTHON` (set by
 * the Jupyter glue to the Python that runs Jupyter), else the interpreter
 * `python3` resolves to. Resolving once avoids paying a pyenv-style shim
 * (~40 ms) on every spawn.
 */
export function resolvePython(
  env: NodeJS.ProcessEnv = process.env
): Promise<string> {
  if (env.CELLPIPE_PYTHON) {
    return Promise.resolve(env.CELLPIPE_PYTHON);
  }
  return new Promise(resolve => {
    execFile(
      'python3',
      ['-c', 'import sys; print(sys.executable)'],
      { timeout: 10_000 },
      (err, stdout) => {
        resolve(err ? 'python3' : stdout.trim() || 'python3');
      }
    );
  });
}
