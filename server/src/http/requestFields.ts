import { z } from 'zod';

/** Fields several requests share, so they are checked the same way everywhere. */
export const notebookField = z
  .unknown()
  .refine(
    v => v !== undefined && v !== null,
    'a notebook (nbformat 4 JSON) is required'
  );

export const nameField = z.string().min(1).max(253);

export const parametersField = z.record(z.string(), z.unknown());
