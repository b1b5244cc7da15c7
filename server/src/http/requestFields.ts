import * as z from '../spec/zodMini.js';

/** Fields several requests share, so they are checked the same way everywhere. */
export const notebookField = z
  .unknown()
  .check(
    z.refine(
      v => v !== undefined && v !== null,
      'a notebook (nbformat 4 JSON) is required'
    )
  );

export const nameField = z.string().check(z.minLength(1), z.maxLength(253));

export const parametersField = z.record(z.string(), z.unknown());
