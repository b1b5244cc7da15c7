import type { CellRole } from './cellRoles';

/**
 * Kale's cell tags, as the server reads them (`server/src/notebook/annotations.ts`).
 * Pure helpers over a cell's `metadata.tags`; tags of other tools are never touched.
 */

/** Kale's role tags, plus papermill's `parameters` tag for the same role. */
export const ROLE_TAGS: Readonly<Record<string, CellRole>> = {
  skip: 'skip',
  imports: 'imports',
  functions: 'functions',
  parameters: 'parameters',
  'pipeline-parameters': 'parameters',
  'pipeline-metrics': 'metrics'
};

/** The role a tag gives, if it is a role tag. */
export function roleOfTag(tag: string): CellRole | undefined {
  return Object.hasOwn(ROLE_TAGS, tag) ? ROLE_TAGS[tag] : undefined;
}

/** `block:NAME` / `step:NAME`: the tag names a step. */
export function stepOfTag(tag: string): string | undefined {
  const match = /^(block|step):(.+)$/.exec(tag);
  return match ? match[2] : undefined;
}

/** `prev:`, `image:`, `limit:`: settings of the step the cell belongs to. */
export function isStepSettingTag(tag: string): boolean {
  return /^(prev|image|limit):./.test(tag);
}

/** Every tag Cellpipe reads as a pipeline mark. */
export function isPipelineTag(tag: string): boolean {
  return (
    roleOfTag(tag) !== undefined ||
    stepOfTag(tag) !== undefined ||
    isStepSettingTag(tag)
  );
}

/** The tags as a list of strings (anything else counts as no tags). */
export function readTags(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((t): t is string => typeof t === 'string')
    : [];
}
