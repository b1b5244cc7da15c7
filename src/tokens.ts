/**
 * Every Cellpipe command id (`cellpipe:<verb>-<noun>`), so the menus and
 * toolbars in `schema/`, the UI tests and the code agree. Other extensions
 * may execute them.
 */
export const CommandIDs = {
  openPanel: 'cellpipe:open-panel',
  reconnectServer: 'cellpipe:reconnect-server',
  refreshCluster: 'cellpipe:refresh-cluster',
  makeStep: 'cellpipe:make-step',
  joinStepAbove: 'cellpipe:join-step-above',
  setStepDependencies: 'cellpipe:set-step-dependencies',
  toggleSkip: 'cellpipe:toggle-skip',
  toggleImports: 'cellpipe:toggle-imports',
  toggleParameters: 'cellpipe:toggle-parameters',
  toggleMetrics: 'cellpipe:toggle-metrics',
  removeFromPipeline: 'cellpipe:remove-from-pipeline',
  /** Args: optional `path` (notebook; default: the active one), `toolbar`. */
  runPipeline: 'cellpipe:run-pipeline',
  cancelRun: 'cellpipe:cancel-run',
  resumeRun: 'cellpipe:resume-run',
  rerunPipeline: 'cellpipe:rerun-pipeline',
  /** Opens one run in the main area. Args: `runId`, optional `ref` (a widget id to split beside). */
  openRun: 'cellpipe:open-run',
  /** Args: optional `path` (notebook), `runId`, `step`, `artifact` (preselected). */
  deployModel: 'cellpipe:deploy-model',
  /** Args: `name`. Asks first. */
  undeployModel: 'cellpipe:undeploy-model',
  /** Args: `name`, `protocol` (`v1`|`v2`), `body` (the JSON text); returns a TestOutcome. */
  sendTestRequest: 'cellpipe:send-test-request'
} as const;
