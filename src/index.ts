import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { cellsPlugin } from './cells/plugin';
import { clusterPlugin } from './cluster/plugin';
import { corePlugin } from './core/plugin';
import { deploymentsPlugin } from './deployments/plugin';
import { launcherPlugin } from './launcher/plugin';
import { panelPlugin } from './panel/plugin';
import { pipelinesPlugin } from './pipelines/plugin';
import { runViewsPlugin } from './runs/plugin';

export * from './tokens';

/** Every Cellpipe plugin; each feature's plugin requires tokens, never another plugin's module. */
const plugins: JupyterFrontEndPlugin<any>[] = [
  corePlugin,
  clusterPlugin,
  pipelinesPlugin,
  cellsPlugin,
  panelPlugin,
  deploymentsPlugin,
  runViewsPlugin,
  launcherPlugin
];

export default plugins;
