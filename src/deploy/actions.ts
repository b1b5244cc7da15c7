import { Clipboard } from '@jupyterlab/apputils';

import { CommandIds } from '../commands/commandIds';
import type { ICellpipeContext } from '../plugins/context';
import { RunCommandIds } from '../run/commandIds';
import type { Protocol, TestOutcome } from './testRequest';

/** What the Deployments section can do; each goes through a command where there is one. */
export interface IDeploymentActions {
  /** `cellpipe:deploy-model` for the active notebook. */
  deploy(): void;
  /** `cellpipe:undeploy-model` (asks first). */
  undeploy(name: string): void;
  /** `cellpipe:send-test-request`: the endpoint's answer, or why there is none. */
  send(name: string, protocol: Protocol, text: string): Promise<TestOutcome>;
  /** `cellpipe:open-run`: the run the model came from. */
  openRun(runId: string): void;
  /** Copies text (the endpoint URL) to the clipboard. */
  copy(text: string): void;
}

export function deploymentActions({
  app
}: ICellpipeContext): IDeploymentActions {
  const { commands } = app;
  return {
    deploy: () => void commands.execute(CommandIds.deployModel),
    undeploy: name => void commands.execute(CommandIds.undeployModel, { name }),
    send: async (name, protocol, body) =>
      (await commands.execute(CommandIds.sendTestRequest, {
        name,
        protocol,
        body
      })) as TestOutcome,
    openRun: runId => void commands.execute(RunCommandIds.openRun, { runId }),
    copy: text => Clipboard.copyToSystem(text)
  };
}
