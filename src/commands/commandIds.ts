/** Every Cellpipe command id, so menus in `schema/` and code agree. */
export const CommandIds = {
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
  runPipeline: 'cellpipe:run-pipeline',
  cancelRun: 'cellpipe:cancel-run',
  resumeRun: 'cellpipe:resume-run',
  rerunPipeline: 'cellpipe:rerun-pipeline'
} as const;
