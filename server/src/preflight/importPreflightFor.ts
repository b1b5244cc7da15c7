import { lazyKubernetesImportCheck } from '../kube/importCheckLazy.js';
import type { IKubernetesOptions } from '../kube/kubernetesOptions.js';
import { ImportPreflight, type IImportChecker } from './ImportPreflight.js';
import { LocalImportCheck } from './LocalImportCheck.js';

/** Targets whose runs get the import check unless the engine is told otherwise. */
export const CHECKED_TARGETS = ['local', 'kubernetes'] as const;

/** The pre-flight of the named targets (app.ts), or none when no target is checked. */
export function importPreflightFor(
  targets: readonly string[],
  deps: {
    python: string | Promise<string>;
    kubernetes?: IKubernetesOptions;
    warn: (message: string) => void;
  }
): { preflight?: ImportPreflight } {
  const checkers = new Map<string, IImportChecker>();
  if (targets.includes('local')) {
    checkers.set('local', new LocalImportCheck({ python: deps.python }));
  }
  if (targets.includes('kubernetes')) {
    const timeout = Number(process.env.CELLPIPE_IMPORT_CHECK_TIMEOUT);
    checkers.set(
      'kubernetes',
      lazyKubernetesImportCheck(
        {
          ...deps.kubernetes,
          ...(timeout > 0 && { checkTimeoutMs: timeout * 1000 })
        },
        deps.warn
      )
    );
  }
  return checkers.size > 0 ? { preflight: new ImportPreflight(checkers) } : {};
}
