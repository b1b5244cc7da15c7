import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { corePlugin } from './plugins/corePlugin';

const plugins: JupyterFrontEndPlugin<any>[] = [corePlugin];

export default plugins;
