import { Token } from '@lumino/coreutils';

import type { PipelineRegistry } from './PipelineRegistry';

/** The pipeline of every open notebook, compiled live, with the run it shows. */
export const IPipelineRegistry = new Token<PipelineRegistry>(
  'cellpipe:IPipelineRegistry',
  'The Cellpipe pipelines of the open notebooks.'
);
