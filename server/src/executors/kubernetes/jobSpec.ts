import { createHash } from 'node:crypto';
import { posix } from 'node:path';

import type { V1ConfigMap, V1EnvVar, V1Job } from '../../kube/client.js';

import type { IStepJob } from '../Executor.js';
import {
  MANAGED_BY,
  MANAGER,
  RUN_LABEL,
  STEP_LABEL
} from '../../kube/labels.js';
import { resources } from '../../kube/resources.js';
import { stepKubernetesName } from '../../spec/stepName.js';
import {
  ARTIFACTS_MOUNT,
  PROGRAM_MOUNT,
  WORK_DIR
} from '../../kube/kubernetesOptions.js';

export const PROGRAM_HASH = 'cellpipe.io/program-hash';
/** The step's name as written (`load_data`), beside the label's Kubernetes form. */
export const STEP_NAME_ANNOTATION = 'cellpipe.io/step-name';
export const CONTAINER = 'step';
export const HARNESS_KEY = 'harness.py';
export const FINISHED_JOB_TTL_SECONDS = 7 * 24 * 3600;

export interface IJobSpecOptions {
  namespace: string;
  image: string;
  artifactsClaim: string;
  /** The artifact root on the server; pods see it at ARTIFACTS_MOUNT. */
  artifactsRoot: string;
  /** The run ConfigMap that owns the Jobs (deleting it deletes them). */
  owner: { name: string; uid: string };
}

/**
 * `r-20261129-013502-3fa9c1-train`, from the step's Kubernetes name
 * (`load_data` -> `…-load-data`); long names are cut and made unique by a
 * hash of the step name as written.
 */
export function jobName(runId: string, step: string): string {
  const name = stepKubernetesName(step);
  const full = `${runId}-${name}`;
  if (full.length <= 63) {
    return full;
  }
  const hash = createHash('sha256').update(step).digest('hex').slice(0, 6);
  const room = 63 - runId.length - hash.length - 2;
  return `${runId}-${name.slice(0, room).replace(/-+$/, '')}-${hash}`;
}

/** The run's labels plus the step's, whose value is the step's Kubernetes name. */
export function stepLabels(
  runId: string,
  step: string
): Record<string, string> {
  return { ...runLabels(runId), [STEP_LABEL]: stepKubernetesName(step) };
}

export function configMapName(runId: string): string {
  return `${runId}-programs`;
}

export function runLabels(runId: string): Record<string, string> {
  return { [MANAGED_BY]: MANAGER, [RUN_LABEL]: runId };
}

/** The run's ConfigMap: the harness once; it owns the steps' ConfigMaps and Jobs. */
export function runConfigMap(
  runId: string,
  namespace: string,
  harness: string
): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: configMapName(runId),
      namespace,
      labels: runLabels(runId)
    },
    data: { [HARNESS_KEY]: harness }
  };
}

/**
 * The step's files, in a ConfigMap of its own (named like its Job) that the
 * pod sees beside the run's harness. A program is the harness plus a tail;
 * only the tail travels per step and execs the shared harness first. One
 * object per step, because 200 concurrent patches of one run-wide object
 * queue up in the API server until they time out.
 */
export function stepConfigMap(
  job: IStepJob,
  options: Pick<IJobSpecOptions, 'namespace' | 'owner'>,
  files: Record<string, string>
): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: jobName(job.runId, job.step),
      namespace: options.namespace,
      labels: stepLabels(job.runId, job.step),
      ownerReferences: [ownerReference(options.owner)]
    },
    data: files
  };
}

function ownerReference(owner: { name: string; uid: string }) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: owner.name,
    uid: owner.uid
  };
}

export function stepFiles(
  job: IStepJob,
  harness: string,
  artifactsRoot: string
): Record<string, string> {
  const head = harness.trimEnd();
  const program = job.program.startsWith(head)
    ? [
        '# Cellpipe step program: runs the shared harness.py beside it, then the step.',
        'import os as _os',
        `_harness = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), ${JSON.stringify(HARNESS_KEY)})`,
        'exec(compile(open(_harness).read(), _harness, "exec"))',
        job.program.slice(head.length)
      ].join('\n')
    : job.program;
  // With a bucket, inputs are `s3://` locations the harness fetches by the
  // context's signed URLs; output_dir is then the pod's own emptyDir.
  const bucket = usesBucket(job);
  const context = {
    ...job.context,
    inputs: Object.fromEntries(
      Object.entries(job.context.inputs).map(([k, v]) => [
        k,
        bucket ? v : toPodPath(v, artifactsRoot)
      ])
    ),
    output_dir: toPodPath(job.context.output_dir, artifactsRoot)
  };
  return {
    [`${job.step}.py`]: program,
    [`${job.step}.context.json`]: JSON.stringify(context)
  };
}

/** A path under the server's artifact root as the pods see it. */
export function toPodPath(path: string, artifactsRoot: string): string {
  const rel = posix.relative(artifactsRoot, path);
  if (rel.startsWith('..') || posix.isAbsolute(rel)) {
    throw new Error(`${path} is outside the artifact root ${artifactsRoot}`);
  }
  return posix.join(ARTIFACTS_MOUNT, rel);
}

/** The reverse of toPodPath, for the paths the harness reports; a bucket's `s3://` locations stay. */
export function fromPodPath(path: string, artifactsRoot: string): string {
  if (!path.startsWith('/')) {
    return path;
  }
  const rel = posix.relative(ARTIFACTS_MOUNT, path);
  return rel.startsWith('..') ? path : posix.join(artifactsRoot, rel);
}

/** True when the step reaches a bucket by signed URLs: its pod mounts no claim. */
export function usesBucket(job: IStepJob): boolean {
  return job.context.objects !== undefined;
}

export function buildJob(job: IStepJob, options: IJobSpecOptions): V1Job {
  const p = job.properties;
  const labels = stepLabels(job.runId, job.step);
  const annotations = {
    [PROGRAM_HASH]: job.programHash,
    [STEP_NAME_ANNOTATION]: job.step
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(job.runId, job.step),
      namespace: options.namespace,
      labels,
      annotations,
      ownerReferences: [ownerReference(options.owner)]
    },
    spec: {
      backoffLimit: p.retries ?? 0,
      // Finished Jobs stay a week for inspection (the logs are in the store).
      ttlSecondsAfterFinished: FINISHED_JOB_TTL_SECONDS,
      ...(p.timeout_seconds !== undefined && {
        activeDeadlineSeconds: Math.max(1, Math.ceil(p.timeout_seconds))
      }),
      template: {
        metadata: {
          labels: { ...p.kubernetes_pod_labels, ...labels },
          annotations: { ...p.kubernetes_pod_annotations, ...annotations }
        },
        spec: {
          restartPolicy: 'Never',
          ...(p.kubernetes_node_selector && {
            nodeSelector: p.kubernetes_node_selector
          }),
          ...(p.kubernetes_tolerations && {
            tolerations: p.kubernetes_tolerations
          }),
          containers: [
            {
              name: CONTAINER,
              image: p.runtime_image ?? options.image,
              command: stepCommand(job),
              workingDir: WORK_DIR,
              env: stepEnv(job),
              resources: resources(p),
              volumeMounts: [
                { name: 'program', mountPath: PROGRAM_MOUNT, readOnly: true },
                { name: 'artifacts', mountPath: ARTIFACTS_MOUNT },
                { name: 'work', mountPath: WORK_DIR }
              ]
            }
          ],
          volumes: [
            {
              name: 'program',
              projected: {
                sources: [
                  { configMap: { name: options.owner.name } },
                  { configMap: { name: jobName(job.runId, job.step) } }
                ]
              }
            },
            usesBucket(job)
              ? { name: 'artifacts', emptyDir: {} }
              : {
                  name: 'artifacts',
                  persistentVolumeClaim: { claimName: options.artifactsClaim }
                },
            { name: 'work', emptyDir: {} }
          ]
        }
      }
    }
  };
}

/** Where a step's `packages` are installed in its pod (on its emptyDir work volume). */
export const PACKAGES_DIR = `${WORK_DIR}/.packages`;

/**
 * `python3 -u step.py step.context.json`; with `packages`, a
 * `pip install --target` into the work volume first (its output on stderr,
 * so it reads as the step's log), on the program's path. The requirements
 * travel as arguments, never as shell text.
 */
export function stepCommand(job: IStepJob): string[] {
  const program = [
    'python3',
    '-u',
    `${PROGRAM_MOUNT}/${job.step}.py`,
    `${PROGRAM_MOUNT}/${job.step}.context.json`
  ];
  const packages = job.properties.packages ?? [];
  if (packages.length === 0) {
    return program;
  }
  const script =
    `python3 -m pip install --quiet --no-input --disable-pip-version-check --target ${PACKAGES_DIR} "$@" 1>&2 && ` +
    `PYTHONPATH=${PACKAGES_DIR}\${PYTHONPATH:+:$PYTHONPATH} exec ${program.join(' ')}`;
  return ['sh', '-c', script, 'cellpipe-packages', ...packages];
}

function stepEnv(job: IStepJob): V1EnvVar[] {
  const p = job.properties;
  return [
    { name: 'PYTHONUNBUFFERED', value: '1' },
    { name: 'CELLPIPE_RUN_ID', value: job.runId },
    { name: 'CELLPIPE_STEP', value: job.step },
    ...(p.env_vars ?? []).map(e => ({ name: e.env_var, value: e.value })),
    ...(p.kubernetes_secrets ?? []).map(s => ({
      name: s.env_var,
      valueFrom: { secretKeyRef: { name: s.name, key: s.key } }
    }))
  ];
}
