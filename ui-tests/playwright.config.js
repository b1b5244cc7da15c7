/**
 * Galata in Debian's Chromium (Playwright never downloads a browser here).
 * Video and traces are off: recording them needs a Playwright ffmpeg download.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const port = process.env.CELLPIPE_UI_PORT || '8899';
// JupyterHub serves each user's JupyterLab under a base URL such as /user/alice/;
// CELLPIPE_UI_BASE_URL runs the same tests under one (no trailing slash here:
// Galata appends /lab).
const base = (process.env.CELLPIPE_UI_BASE_URL || '/').replace(/\/+$/, '');
const chromium = process.env.CELLPIPE_CHROMIUM || '/usr/bin/chromium';

module.exports = {
  ...baseConfig,
  outputDir: './test-results/output',
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }]
  ],
  retries: 0,
  workers: 1,
  use: {
    ...baseConfig.use,
    baseURL: `http://127.0.0.1:${port}${base}`,
    video: 'off',
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic'
      ]
    }
  },
  // CELLPIPE_UI_EXTERNAL_SERVER: test a JupyterLab started elsewhere (the
  // installed wheel's, scripts/test-wheel.sh) instead of starting this checkout's.
  webServer: process.env.CELLPIPE_UI_EXTERNAL_SERVER
    ? undefined
    : {
        command: 'jupyter lab --config jupyter_server_test_config.py',
        url: `http://127.0.0.1:${port}${base}/lab`,
        timeout: 120 * 1000,
        reuseExistingServer: !process.env.CI,
        // Runs of the UI tests go to their own store, not the developer's ~/.cellpipe.
        // With the test control plane up (scripts/test.sh), the kubernetes target
        // runs in its `cellpipe` namespace.
        env: {
          ...process.env,
          ...(process.env.CELLPIPE_TEST_KUBECONFIG && {
            KUBECONFIG: process.env.CELLPIPE_TEST_KUBECONFIG,
            CELLPIPE_NAMESPACE: 'cellpipe'
          }),
          CELLPIPE_HOME:
            process.env.CELLPIPE_HOME ||
            require('fs').mkdtempSync(
              require('path').join(require('os').tmpdir(), 'cellpipe-galata-')
            )
        }
      }
};
