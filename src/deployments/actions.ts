import { Clipboard } from '@jupyterlab/apputils';
import type { CommandRegistry } from '@lumino/commands';

import { CommandIDs } from '../tokens';
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

export function deploymentActions(
  commands: CommandRegistry
): IDeploymentActions {
  return {
    deploy: () => void commands.execute(CommandIDs.deployModel),
    undeploy: name => void commands.execute(CommandIDs.undeployModel, { name }),
    send: async (name, protocol, body) =>
      (await commands.execute(CommandIDs.sendTestRequest, {
        name,
        protocol,
        body
      })) as TestOutcome,
    openRun: runId => void commands.execute(CommandIDs.openRun, { runId }),
    copy: text => Clipboard.copyToSystem(text)
  };
}
