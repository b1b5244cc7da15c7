import { createHash } from 'node:crypto';

import type { V1Job } from './client.js';

/** Labels a check Job by; it belongs to no run. */
export const IMPORT_CHECK_LABEL = 'cellpipe.io/import-check';
export const IMPORT_CHECK_CONTAINER = 'check';
/** A check that did not run by then is given up (the run goes on, warned). */
export const IMPORT_CHECK_DEADLINE_SECONDS = 300;

export interface IImportCheckRequest {
  namespace: string;
  image: string;
  /** Top-level module names, sorted. */
  modules: readonly string[];
  /** runtime/find_modules.py's source, run with `python3 -c`. */
  script: string;
}

/** One Job per (image, module set): the same question gets the same name, so it is asked once. */
export function importCheckName(
  image: string,
  modules: readonly string[]
): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([image, [...modules].sort()]))
    .digest('hex')
    .slice(0, 16);
  return `cellpipe-imports-${hash}`;
}

/**
 * A short Job in the step image that prints, as one JSON line, which of the
 * modules its Python lacks (find_spec, nothing imported). Small requests,
 * no retries, gone ten minutes after it finished.
 */
export function importCheckJob(request: IImportCheckRequest): V1Job {
  const modules = [...request.modules].sort();
  const name = importCheckName(request.image, modules);
  // Not managed-by=cellpipe: the run informers watch those, and a check belongs to no run.
  const labels = {
    'app.kubernetes.io/part-of': 'cellpipe',
    [IMPORT_CHECK_LABEL]: 'true'
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: request.namespace,
      labels,
      annotations: { 'cellpipe.io/image': request.image }
    },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: 600,
      activeDeadlineSeconds: IMPORT_CHECK_DEADLINE_SECONDS,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          containers: [
            {
              name: IMPORT_CHECK_CONTAINER,
              image: request.image,
              command: checkCommand(request.script, modules),
              env: [{ name: 'PYTHONDONTWRITEBYTECODE', value: '1' }],
              resources: {
                requests: { cpu: '50m', memory: '64Mi' },
                limits: { memory: '256Mi' }
              }
            }
          ]
        }
      }
    }
  };
}

/** What fixes a module an image lacks (the check's problems say it). */
export function kubernetesFix(distribution: string): string {
  return `add ${distribution} to the step's packages, or choose another image (runtime_image)`;
}

export function checkCommand(
  script: string,
  modules: readonly string[]
): string[] {
  return ['python3', '-c', script, JSON.stringify({ modules })];
}

export type ImportCheckOutput =
  | { ok: true; python: string; missing: string[] }
  | { ok: false; reason: string };

/** The check pod's log: its last non-empty line is the answer (an image may print a banner first). */
export function parseImportCheckOutput(log: string): ImportCheckOutput {
  const last = log.trim().split('\n').pop()?.trim() ?? '';
  if (!last) {
    return { ok: false, reason: 'the check printed nothing' };
  }
  try {
    const parsed = JSON.parse(last) as { python?: unknown; missing?: unknown };
    if (
      Array.isArray(parsed.missing) &&
      parsed.missing.every(m => typeof m === 'string')
    ) {
      return {
        ok: true,
        python: typeof parsed.python === 'string' ? parsed.python : 'python3',
        missing: parsed.missing
      };
    }
  } catch {
    // fall through: not the script's answer (no python3 in the image, say)
  }
  return { ok: false, reason: `the check printed: ${last.slice(0, 200)}` };
}
