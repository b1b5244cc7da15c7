import {
  PIPELINE_FORMAT_VERSION,
  PipelineMetadataSchema,
  type PipelineMetadata
} from './pipelineSchema.js';
import { error, type Problem } from './problems.js';

/**
 * Upgrades stored pipeline metadata, one version at a time. `MIGRATIONS[n]`
 * turns a version-n document into version n+1. Version 1 is the first
 * format; documents written before the field existed count as version 1.
 * When the format changes, bump PIPELINE_FORMAT_VERSION and add a step here.
 */
type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Record<number, Migration> = {};

const PATH = 'metadata.cellpipe.pipeline';

export interface IMetadataRead {
  metadata: PipelineMetadata;
  problems: Problem[];
}

const EMPTY: PipelineMetadata = { version: PIPELINE_FORMAT_VERSION };

/** Applies the migrations from the document's version up to the current one. */
export function migrate(
  doc: Record<string, unknown>,
  migrations: Record<number, Migration> = MIGRATIONS,
  target: number = PIPELINE_FORMAT_VERSION
): Record<string, unknown> | Problem {
  const from = doc.version === undefined ? 1 : doc.version;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    return error(
      'invalid-metadata',
      `${PATH}.version must be a positive integer`,
      { path: `${PATH}.version` }
    );
  }
  if (from > target) {
    return error(
      'unsupported-version',
      `the pipeline was saved by a newer Cellpipe (format ${from}; this one reads up to ${target}): upgrade Cellpipe`,
      { path: `${PATH}.version` }
    );
  }
  let current: Record<string, unknown> = { ...doc, version: from };
  for (let v = from; v < target; v++) {
    const step = migrations[v];
    if (!step) {
      return error(
        'unsupported-version',
        `no migration from pipeline format ${v}`,
        { path: `${PATH}.version` }
      );
    }
    current = { ...step(current), version: v + 1 };
  }
  return current;
}

/** Reads `metadata.cellpipe.pipeline`; an unusable document becomes problems, never an exception. */
export function readPipelineMetadata(raw: unknown): IMetadataRead {
  if (raw === undefined || raw === null) {
    return { metadata: EMPTY, problems: [] };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      metadata: EMPTY,
      problems: [
        error('invalid-metadata', `${PATH} must be an object`, { path: PATH })
      ]
    };
  }
  const migrated = migrate(raw as Record<string, unknown>);
  if ('kind' in migrated && 'severity' in migrated) {
    return { metadata: EMPTY, problems: [migrated as Problem] };
  }
  const parsed = PipelineMetadataSchema.safeParse(migrated);
  if (parsed.success) {
    return { metadata: parsed.data, problems: [] };
  }
  const problems = parsed.error.issues.map(issue => {
    const path = [PATH, ...issue.path.map(String)].join('.');
    return error('invalid-property', `${path}: ${issue.message}`, { path });
  });
  return { metadata: EMPTY, problems };
}
