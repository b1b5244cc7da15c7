import { LabIcon } from '@jupyterlab/ui-components';

import pipelineSvg from '../style/icons/pipeline.svg';

export const pipelineIcon = new LabIcon({
  name: 'cellpipe:pipeline',
  svgstr: pipelineSvg
});
