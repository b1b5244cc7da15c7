import { randomBytes } from 'node:crypto';

/**
 * Run ids sort by creation time and are valid Kubernetes label values and
 * object-name parts: `r-20261129-013502-3fa9c1`.
 */
export function newRunId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .slice(0, 15);
  return `r-${stamp}-${randomBytes(3).toString('hex')}`.toLowerCase();
}

export const RUN_ID_PATTERN = /^r-\d{8}-\d{6}-[0-9a-f]{6}$/;
