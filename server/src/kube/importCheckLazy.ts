import { readFile } from 'node:fs/promises';

import type { IStepCheck, StepAnswer } from '../preflight/importProblems.js';
import type { IImportChecker } from '../preflight/ImportPreflight.js';
import { FIND_MODULES_SCRIPT } from '../preflight/LocalImportCheck.js';
import { kubernetesFix } from './importCheckJob.js';
import type { IKubernetesOptions } from './kubernetesOptions.js';

/**
 * The `kubernetes` entry of the pre-flight's checkers (app.ts): the
 * Kubernetes client and the check are loaded with the first Kubernetes run,
 * like the executor (lazyKubernetesExecutor.ts).
 */
export function lazyKubernetesImportCheck(
  options: IKubernetesOptions & { checkTimeoutMs?: number },
  warn: (message: string) => void = () => undefined
): IImportChecker {
  let loaded: Promise<IImportChecker | null> | null = null;
  const load = async (): Promise<IImportChecker | null> => {
    const [{ KubernetesImportCheck }, { resolveKubeSettings }, own] =
      await Promise.all([
        import('./importCheckRunner.js'),
        import('./kubeSettings.js'),
        import('./ownPodImage.js')
      ]);
    const settings = resolveKubeSettings(options);
    if (!settings.kubeConfig) {
      return null; // the run is refused as unavailable before it asks
    }
    const kc = settings.kubeConfig;
    let image: ReturnType<typeof own.defaultStepImage> | null = null;
    return new KubernetesImportCheck({
      kubeConfig: kc,
      namespace: settings.namespace,
      script: await readFile(FIND_MODULES_SCRIPT, 'utf8'),
      defaultImage: () =>
        (image ??= own.defaultStepImage(kc, { flag: options.image }, warn)),
      timeoutMs: options.checkTimeoutMs
    });
  };
  return {
    fix: kubernetesFix,
    installsPackages: true,
    async check(
      steps: readonly IStepCheck[],
      cwd: string
    ): Promise<ReadonlyMap<string, StepAnswer>> {
      const checker = await (loaded ??= load());
      return checker ? checker.check(steps, cwd) : new Map();
    }
  };
}
