import type { IArtifactStore } from './ArtifactStore.js';
import { LocalArtifacts } from './LocalArtifacts.js';
import { ObjectArtifacts } from './ObjectArtifacts.js';
import {
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
  folder: string
): IArtifactStore {
  if (!setting) {
    return new LocalArtifacts(folder);
  }
  if (typeof setting === 'string' && !setting.startsWith('s3://')) {
    return new LocalArtifacts(setting);
  }
  const options =
    typeof setting === 'string' ? objectStorageFromEnv(setting) : setting;
  return new ObjectArtifacts(objectStorageConfig(options), folder);
}
