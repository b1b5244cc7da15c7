/** Commands of the run views, and the notebook commands their buttons invoke. */
export const RunCommandIds = {
  /** Opens one run in the main area (args: `runId`, optional `ref` to split beside). */
  openRun: 'cellpipe:open-run',
  /** Registered by the notebook features (toolbar and run dialog). */
  runPipeline: 'cellpipe:run-pipeline',
  cancelRun: 'cellpipe:cancel-run',
  resumeRun: 'cellpipe:resume-run',
  rerunPipeline: 'cellpipe:rerun-pipeline',
  /** Registered by the deployment features (args: `runId`, `step`, `artifact`, `path`). */
  deployModel: 'cellpipe:deploy-model'
} as const;
