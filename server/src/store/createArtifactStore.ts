import type { IArtifactStore } from './ArtifactStore.js';
import { LocalArtifacts } from './LocalArtifacts.js';
import { ObjectArtifacts } from './ObjectArtifacts.js';
import {
  type IBucketCredentials,
  type IObjectStorageOptions,
  objectStorageConfig,
  objectStorageFromEnv
} from './objectStorageConfig.js';

/**
 * Where artifacts live, by the setting's scheme: a bucket URL or a folder.
 * `folder` keeps step programs and contexts (and the artifacts of a folder store).
 */
export function createArtifactStore(
  setting: string | IObjectStorageOptions | undefined,
  folder: string,
  /** Reads credentials from a Kubernetes Secret (kube/secretCredentials.ts). */
  fromSecret?: (ref: string) => () => Promise<IBucketCredentials>
): IArtifactStore {
  if (!setting) {
    return new LocalArtifacts(folder);
  }
  if (typeof setting === 'string' && !setting.startsWith('s3://')) {
    return new LocalArtifacts(setting);
  }
  const options =
    typeof setting === 'string' ? objectStorageFromEnv(setting) : setting;
  if (options.secret && !options.credentials && fromSecret) {
    options.credentials = fromSecret(options.secret);
  }
  return new ObjectArtifacts(objectStorageConfig(options), folder);
}
