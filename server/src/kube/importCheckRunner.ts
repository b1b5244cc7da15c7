import {
  ApiException,
  BatchV1Api,
  CoreV1Api,
  type KubeConfig,
  type V1Job
} from './client.js';
import type { IStepCheck, StepAnswer } from '../preflight/importProblems.js';
import type { IImportChecker } from '../preflight/ImportPreflight.js';
import { describeKubeError } from './kubeErrors.js';
import {
  IMPORT_CHECK_CONTAINER,
  importCheckJob,
  kubernetesFix,
  parseImportCheckOutput
} from './importCheckJob.js';
import { stepImage, type IImageChoice } from './stepImage.js';

export interface IKubernetesImportCheckOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  /** runtime/find_modules.py's source. */
  script: string;
  /** The image of steps without their own (KubernetesExecutor.defaultImage). */
  defaultImage: () => Promise<IImageChoice>;
  /** How long a run waits for a check before it starts unchecked; default 20 s. */
  timeoutMs?: number;
  pollMs?: number;
}

type Answer = { ok: true; missing: string[] } | { ok: false; reason: string };

/**
 * The pre-flight on Kubernetes: one short check Job per (image, module set),
 * answered once per server (by the image reference, a digest when pinned).
 * A check that does not answer in time (an image still pulling, a cluster
 * whose pods run nothing) is a warning: the run is never held by it.
 */
export class KubernetesImportCheck implements IImportChecker {
  readonly fix = kubernetesFix;
  readonly installsPackages = true;
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly options: IKubernetesImportCheckOptions) {}

  async check(steps: readonly IStepCheck[]): Promise<Map<string, StepAnswer>> {
    const target = await this.options.defaultImage();
    const byImage = new Map<string, Set<string>>();
    const images = new Map<string, string>();
    for (const step of steps) {
      const image = stepImage(step.properties, undefined, target).image;
      images.set(step.name, image);
      const modules = byImage.get(image) ?? new Set<string>();
      step.modules.modules.forEach(m => modules.add(m.module));
      byImage.set(image, modules);
    }
    const answered = new Map(
      await Promise.all(
        [...byImage].map(
          async ([image, modules]) =>
            [image, await this.ask(image, [...modules].sort())] as const
        )
      )
    );
    return new Map(
      steps.map(s => {
        const image = images.get(s.name)!;
        const answer = answered.get(image)!;
        const where = `image ${image}`;
        return [
          s.name,
          answer.ok
            ? { where, missing: answer.missing, missingPackages: [] }
            : { where, unchecked: answer.reason }
        ];
      })
    );
  }

  private async ask(image: string, modules: string[]): Promise<Answer> {
    if (modules.length === 0) {
      return { ok: true, missing: [] };
    }
    const key = JSON.stringify([image, modules]);
    const known = this.answers.get(key);
    if (known) {
      return known;
    }
    const answer = await this.runCheck(image, modules).catch(
      (err: unknown): Answer => ({
        ok: false,
        reason: describeKubeError(err).message
      })
    );
    if (answer.ok) {
      this.answers.set(key, answer);
    }
    return answer;
  }

  private async runCheck(image: string, modules: string[]): Promise<Answer> {
    const { kubeConfig, namespace, script } = this.options;
    const body = importCheckJob({ namespace, image, modules, script });
    const name = body.metadata!.name!;
    const batch = kubeConfig.makeApiClient(BatchV1Api);
    try {
      await batch.createNamespacedJob({ namespace, body });
    } catch (err) {
      // The same question asked before (another run, another server): its answer will do.
      if (!(err instanceof ApiException && err.code === 409)) {
        throw err;
      }
    }
    const job = await this.finished(batch, name);
    if (!job) {
      const seconds = Math.round((this.options.timeoutMs ?? 20_000) / 1000);
      return {
        ok: false,
        reason: `the check Job ${name} did not finish within ${seconds} s (kubectl -n ${namespace} describe job ${name})`
      };
    }
    const parsed = parseImportCheckOutput(await this.log(name));
    return parsed.ok
      ? { ok: true, missing: parsed.missing }
      : { ok: false, reason: parsed.reason };
  }

  /** The Job once it succeeded or failed, or null at the timeout. */
  private async finished(
    batch: BatchV1Api,
    name: string
  ): Promise<V1Job | null> {
    const { namespace, timeoutMs = 20_000, pollMs = 500 } = this.options;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await batch.readNamespacedJob({ name, namespace });
      if (job.status?.succeeded || job.status?.failed) {
        return job;
      }
      if (Date.now() + pollMs > deadline) {
        return null;
      }
      await new Promise(r => setTimeout(r, pollMs));
    }
  }

  private async log(job: string): Promise<string> {
    const { kubeConfig, namespace } = this.options;
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: `job-name=${job}`
    });
    const pod = pods.items[0]?.metadata?.name;
    if (!pod) {
      return '';
    }
    return core.readNamespacedPodLog({
      name: pod,
      namespace,
      container: IMPORT_CHECK_CONTAINER
    });
  }
}
