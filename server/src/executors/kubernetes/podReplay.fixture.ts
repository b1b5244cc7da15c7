import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type {
  V1ConfigMap,
  V1Container,
  V1Job,
  V1PodSpec
} from '@kubernetes/client-node';

import type { IArtifact, IMetric, IRunRecord } from '../../contract/wire.js';
import type { IEngine } from '../../app.js';
import { notebook, step } from '../../testing/notebooks.js';
import { ARTIFACTS_CLAIM, kwokTiming } from '../../testing/testCluster.js';
import { parseStdoutLine, type StepEvent } from '../stepEvents.js';

/*
 * The pod replay (podReplay.test.ts, podReplayBucket.test.ts): the Jobs the
 * executor created on the control plane are run as local Python processes,
 * volume by volume as their specs say, and their results are compared with
 * the local executor's.
 */

/** Deterministic (fixed seeds), so the artifacts' hashes can be compared. */
const CELLS = [
  {
    source:
      'import numpy as np\nimport pandas as pd\nfrom sklearn.linear_model import LogisticRegression',
    tags: ['imports']
  },
  { source: 'n = 80\nseed = 7', tags: ['pipeline-parameters'] },
  step(
    'load',
    'rng = np.random.default_rng(seed)\nX = rng.normal(size=(n, 3))\ny = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int)\nframe = pd.DataFrame(X, columns=list("abc"))\nprint("rows", len(frame))'
  ),
  step(
    'train',
    'model = LogisticRegression(random_state=seed).fit(frame.values, y)\naccuracy = float(model.score(X, y))\nprint(f"accuracy {accuracy:.4f}")'
  ),
  { source: 'accuracy', tags: ['pipeline-metrics'] },
  step('profile', 'means = frame.mean().round(6)\nprint(means.to_string())'),
  step(
    'report',
    'pred = model.predict(frame.values)\nprint("agree", int((pred == y).sum()), "of", len(y))\nprint("mean a", means["a"])'
  )
];
export const NOTEBOOK = notebook(CELLS, {
  version: 1,
  defaults: { kubernetes_pod_annotations: kwokTiming(100, 300) },
  steps: {}
});

/** What a step showed that must not depend on where it ran. */
export interface IStepResult {
  metrics: string[];
  outputs: string[];
  logs: string[];
}

const metricKey = (m: Pick<IMetric, 'name' | 'value'>) =>
  `${m.name}=${m.value}`;
const outputKey = (
  o: Pick<IArtifact, 'name' | 'type' | 'format' | 'size' | 'sha256'>
) => `${o.name} ${o.type} ${o.format} ${o.size} ${o.sha256}`;

export interface IReplayed {
  code: number | null;
  /** Where the artifacts volume (the claim, or the pod's emptyDir with a bucket) was mounted. */
  artifactsDir: string;
  stderr: string;
  events: StepEvent[];
  logs: string[];
}

/** The one rewrite the replay allows: a pod path under a mount point moves under `root`. */
function rehomer(root: string, mounts: string[]): (path: string) => string {
  return path =>
    mounts.some(m => path === m || path.startsWith(`${m}/`))
      ? join(root, path)
      : path;
}

/** Writes a ConfigMap's files into a volume's folder (every key: the executor maps no items). */
function projectConfigMap(
  cm: V1ConfigMap,
  dir: string,
  rehome: (s: string) => string
): void {
  for (const [key, text] of Object.entries(cm.data ?? {})) {
    // The context JSON names pod paths; they move under the root too.
    const moved = key.endsWith('.json')
      ? JSON.stringify(
          JSON.parse(text, (_k, v: unknown) =>
            typeof v === 'string' ? rehome(v) : v
          )
        )
      : text;
    writeFileSync(join(dir, key), moved);
  }
}

/** Each volume the container mounts, at root + mountPath: fresh per pod except the claim; returns the artifacts volume's folder. */
function mountVolumes(
  spec: V1PodSpec,
  container: V1Container,
  configMaps: ReadonlyMap<string, V1ConfigMap>,
  root: string
): string {
  let artifactsDir = '';
  const rehome = rehomer(root, mountPaths(container));
  for (const mount of container.volumeMounts ?? []) {
    const volume = spec.volumes?.find(v => v.name === mount.name);
    const dir = join(root, mount.mountPath);
    if (volume?.projected) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const source of volume.projected.sources ?? []) {
        assert.ok(
          source.configMap,
          'the program volume projects ConfigMaps only'
        );
        assert.equal(source.configMap.items, undefined);
        const cm = configMaps.get(source.configMap.name ?? '');
        assert.ok(cm, `ConfigMap ${source.configMap.name} exists`);
        projectConfigMap(cm, dir, rehome);
      }
    } else if (volume?.emptyDir) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    } else if (volume?.persistentVolumeClaim) {
      assert.equal(volume.persistentVolumeClaim.claimName, ARTIFACTS_CLAIM);
      mkdirSync(dir, { recursive: true });
    } else {
      assert.fail(`volume ${mount.name} is of a kind the replay cannot mount`);
    }
    if (mount.name === 'artifacts') {
      artifactsDir = dir;
    }
  }
  return artifactsDir;
}

function mountPaths(container: V1Container): string[] {
  return (container.volumeMounts ?? []).map(m => m.mountPath);
}

/**
 * The container's env; the image would supply PATH, nothing else of this
 * machine leaks in, except the BLAS tuning of this CPU (OPENBLAS_CORETYPE
 * and the like, which some machines set): it picks the kernels a fit runs
 * on, so without it the same fit differs in its last bits from the local run.
 */
function containerEnv(container: V1Container): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(OPENBLAS|OMP|MKL|GOTO)_/.test(name) && value !== undefined) {
      env[name] = value;
    }
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = e.value;
    }
  }
  return env;
}

/** Runs one Job's pod as its spec says, with the machine's Python for `python3`. */
export async function replayJob(
  job: V1Job,
  cm: ReadonlyMap<string, V1ConfigMap>,
  root: string,
  python: string
): Promise<IReplayed> {
  const spec = job.spec!.template.spec!;
  assert.equal(spec.containers.length, 1);
  const container = spec.containers[0];
  const artifactsDir = mountVolumes(spec, container, cm, root);
  const [exe, ...args] = [
    ...(container.command ?? []),
    ...(container.args ?? [])
  ];
  assert.equal(exe, 'python3', 'the image is expected to run python3');
  const cwd = join(root, container.workingDir ?? '/');
  mkdirSync(cwd, { recursive: true });
  const rehome = rehomer(root, mountPaths(container));
  const child = spawn(python, args.map(rehome), {
    cwd,
    env: containerEnv(container),
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const replayed = { events: [] as StepEvent[], logs: [] as string[] };
  for await (const text of createInterface({ input: child.stdout })) {
    const line = parseStdoutLine(text);
    if (line.type === 'event') {
      replayed.events.push(line.event);
    } else {
      replayed.logs.push(line.line);
    }
  }
  const [code] = (await once(child, 'close')) as [number | null];
  return { ...replayed, code, stderr, artifactsDir };
}

export function replayedResult(r: IReplayed): IStepResult {
  const metrics = r.events.flatMap(e =>
    e.event === 'metric' ? [metricKey(e)] : []
  );
  const outputs = r.events.flatMap(e =>
    e.event === 'output' ? [outputKey(e)] : []
  );
  return { metrics: metrics.sort(), outputs: outputs.sort(), logs: r.logs };
}

export function localResult(
  engine: Pick<IEngine, 'store'>,
  run: IRunRecord,
  name: string
): IStepResult {
  const ofStep = <T extends { step: string }>(xs: T[]) =>
    xs.filter(x => x.step === name);
  const logs = engine.store
    .getLogs(run.id, name)
    .filter(l => l.stream === 'stdout')
    .map(l => l.line);
  return {
    metrics: ofStep(run.metrics).map(metricKey).sort(),
    outputs: ofStep(run.artifacts).map(outputKey).sort(),
    logs
  };
}
