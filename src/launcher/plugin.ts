import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ILauncher } from '@jupyterlab/launcher';

import { IPipelinesPanel } from '../panel/tokens';
import { CommandIDs } from '../tokens';

/** A "Pipelines" card in the launcher; it opens the sidebar (so it needs the panel). */
export const launcherPlugin: JupyterFrontEndPlugin<void> = {
  id: 'cellpipe:launcher',
  description: 'Cellpipe: the Pipelines item of the launcher.',
  autoStart: true,
  requires: [ILauncher, IPipelinesPanel],
  activate: (app: JupyterFrontEnd, launcher: ILauncher) => {
    launcher.add({ command: CommandIDs.openPanel, category: 'Other', rank: 1 });
  }
};
