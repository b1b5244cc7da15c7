import { Token } from '@lumino/coreutils';

import type { PipelinesPanel } from './PipelinesPanel';

/** The Pipelines sidebar; other features add their sections to it (e.g. Deployments). */
export const IPipelinesPanel = new Token<PipelinesPanel>(
  'cellpipe:IPipelinesPanel',
  'The Cellpipe "Pipelines" sidebar.'
);
