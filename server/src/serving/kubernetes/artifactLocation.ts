import { posix } from 'node:path';

/** Where an artifact lies on the artifacts claim (`<run>/<step>/<name>.<ext>`), or in a bucket. */
export interface ILocatedArtifact {
  step: string;
  name: string;
  format: string;
  /** The server's path of the data file (an `s3://` location in a bucket), when the record has it. */
  path?: string;
}

/** The extension the harness gives each format (`_writer` in runtime/harness.py). */
const EXTENSIONS: Record<string, string> = {
  joblib: 'joblib',
  pickle: 'pkl',
  cloudpickle: 'pkl',
  'pandas-pickle': 'pkl',
  npy: 'npy',
  bytes: 'bin',
  module: 'txt'
};

/** The sklearn runtime's model files (KServe's MODEL_EXTENSIONS). */
const KSERVE_SKLEARN_FILE = /\.(joblib|pkl|pickle)$/;

/** `model.joblib`; null for a format the harness does not write. */
export function artifactFileName(artifact: ILocatedArtifact): string | null {
  if (artifact.path) {
    return posix.basename(artifact.path);
  }
  const ext = EXTENSIONS[artifact.format];
  return ext ? `${artifact.name}.${ext}` : null;
}

export type StorageUri =
  { ok: true; uri: string } | { ok: false; reason: string };

/**
 * KServe mounts a `pvc://` URI straight at /mnt/models (its direct PVC mount,
 * the default and in recent releases the only way), which takes a folder,
 * not a file: the step's folder. Its sklearn runtime loads the one
 * `.joblib`/`.pkl`/`.pickle` file there, so another such artifact of the
 * same step (a DataFrame, a scaler) makes it refuse or pick either one.
 */
export function kserveStorageUri(
  claim: string,
  runId: string,
  artifact: ILocatedArtifact,
  stepArtifacts: readonly ILocatedArtifact[]
): StorageUri {
  // In a bucket the URI names the model's object: KServe's storage
  // initializer downloads an exact key alone, so nothing else comes along.
  if (artifact.path?.startsWith('s3://')) {
    return { ok: true, uri: artifact.path };
  }
  const others = stepArtifacts
    .filter(a => a.step === artifact.step && a.name !== artifact.name)
    .map(artifactFileName)
    .filter((file): file is string => !!file && KSERVE_SKLEARN_FILE.test(file))
    .sort();
  if (others.length > 0) {
    return {
      ok: false,
      reason:
        `KServe loads the one .joblib/.pkl/.pickle file of the step's folder, and ` +
        `step "${artifact.step}" also saved ${others.join(', ')}: deploy it with ` +
        "Cellpipe's model server, or copy the model to a folder of its own"
    };
  }
  return { ok: true, uri: `pvc://${claim}/${runId}/${artifact.step}` };
}
