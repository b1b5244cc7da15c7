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
    // The launcher passes only the item's args (and cwd) to the command: the
    // flag gives the card its label "Pipelines" and Cellpipe's icon.
    launcher.add({
      command: CommandIDs.openPanel,
      args: { isLauncher: true },
      category: 'Other',
      rank: 1
    });
  }
};
