import { LabIcon } from '@jupyterlab/ui-components';

import deploySvg from '../../style/icons/deploy.svg';
import pipelineSvg from '../../style/icons/pipeline.svg';

export const pipelineIcon = new LabIcon({
  name: 'cellpipe:pipeline',
  svgstr: pipelineSvg
});

/** Deploy model (notebook toolbar, run artifacts, Deployments section). */
export const deployIcon = new LabIcon({
  name: 'cellpipe:deploy',
  svgstr: deploySvg
});
