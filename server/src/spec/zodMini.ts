import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini ships no locale (every message would be "Invalid input"): the
// English one, as classic zod sets it, so messages stay word for word.
config(en());

// Import as `import * as z from '…/zodMini.js'`, not `{ z }`: esbuild drops
// what a namespace import leaves unused, but keeps all of zod/mini for the
// `z` object used as a value (a 40 KB bundle against 710 KB).
export * from 'zod/mini';
