import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { IStepCheck, StepAnswer } from './importProblems.js';
import type { IImportChecker } from './ImportPreflight.js';

export const FIND_MODULES_SCRIPT = fileURLToPath(
  new URL('../../runtime/find_modules.py', import.meta.url)
);

export interface ILocalImportCheckOptions {
  /** The steps' Python (the local executor's). */
  python: string | Promise<string>;
  timeoutMs?: number;
}

interface IFindAnswer {
  python: string;
  missing: string[];
  missing_packages: string[];
}

/**
 * Looks every module a local run imports up in the steps' Python, in one
 * short process (`find_spec`, nothing imported). What was found is kept per
 * Python (path and mtime) and folder, so a run of known modules starts no
 * process; what was missing is asked again next time (it may be installed).
 */
export class LocalImportCheck implements IImportChecker {
  readonly fix = (distribution: string): string =>
    `pip install ${distribution}, or choose another Python (CELLPIPE_PYTHON)`;
  // Local steps run in the person's own environment: Cellpipe never pips into it.
  readonly installsPackages = false;
  private readonly present = new Map<string, Set<string>>();

  constructor(private readonly options: ILocalImportCheckOptions) {}

  async check(
    steps: readonly IStepCheck[],
    cwd: string
  ): Promise<Map<string, StepAnswer>> {
    const python = await this.options.python;
    const path = [cwd, ...stepPythonPaths(steps)];
    const key = `${python}\0${await mtime(python)}\0${path.join(delimiter)}`;
    const known = this.present.get(key) ?? new Set<string>();
    const modules = new Set(
      steps.flatMap(s => s.modules.modules.map(m => m.module))
    );
    const asked = [...modules].filter(m => !known.has(m)).sort();
    const packages = [
      ...new Set(steps.flatMap(s => s.properties.packages ?? []))
    ];
    let answer: IFindAnswer = { python, missing: [], missing_packages: [] };
    if (asked.length > 0 || packages.length > 0) {
      try {
        answer = await this.find(python, cwd, {
          modules: asked,
          packages,
          path
        });
      } catch (err) {
        const unchecked = (err as Error).message;
        return new Map(steps.map(s => [s.name, { where: python, unchecked }]));
      }
      const missing = new Set(answer.missing);
      asked.filter(m => !missing.has(m)).forEach(m => known.add(m));
      this.present.set(key, known);
    }
    return new Map(
      steps.map(s => [
        s.name,
        {
          where: answer.python || python,
          missing: answer.missing.filter(m =>
            s.modules.modules.some(u => u.module === m)
          ),
          missingPackages: answer.missing_packages.filter(p =>
            (s.properties.packages ?? []).includes(p)
          )
        }
      ])
    );
  }

  private find(
    python: string,
    cwd: string,
    request: object
  ): Promise<IFindAnswer> {
    return new Promise((resolve, reject) => {
      execFile(
        python,
        [FIND_MODULES_SCRIPT, JSON.stringify(request)],
        { cwd, timeout: this.options.timeoutMs ?? 10_000 },
        (err, stdout, stderr) => {
          if (err) {
            reject(
              new Error(
                `${python} did not answer: ${(stderr || err.message).trim().slice(-300)}`
              )
            );
            return;
          }
          try {
            resolve(JSON.parse(stdout) as IFindAnswer);
          } catch {
            reject(new Error(`${python} printed something that is not JSON`));
          }
        }
      );
    });
  }
}

/** A step's own PYTHONPATH (env_vars) is on its sys.path too. */
function stepPythonPaths(steps: readonly IStepCheck[]): string[] {
  const paths = steps.flatMap(s =>
    (s.properties.env_vars ?? [])
      .filter(e => e.env_var === 'PYTHONPATH')
      .flatMap(e => e.value.split(delimiter))
  );
  const inherited = process.env.PYTHONPATH?.split(delimiter) ?? [];
  return [...new Set([...paths, ...inherited])].filter(Boolean);
}

async function mtime(file: string): Promise<number> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return 0; // a bare command name: resolved by PATH, keyed by name
  }
}
