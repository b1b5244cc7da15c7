import { Token } from '@lumino/coreutils';

import type { ClusterModel } from './ClusterModel';

/** The Kubernetes target's status, shared by the panel, the run dialog and the deploy dialog. */
export const IClusterModel = new Token<ClusterModel>(
  'cellpipe:IClusterModel',
  'The Kubernetes cluster as the Cellpipe server last checked it.'
);
