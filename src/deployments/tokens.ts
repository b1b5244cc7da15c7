import { Token } from '@lumino/coreutils';

import type { DeploymentsModel } from './DeploymentsModel';

/** Every deployment of the server, live; shared by the panel, the deploy dialog and the run views. */
export const IDeploymentsModel = new Token<DeploymentsModel>(
  'cellpipe:IDeploymentsModel',
  'The models the Cellpipe server serves, kept live.'
);
