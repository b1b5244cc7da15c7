/**
 * UI benchmarks: the same JupyterLab and browser as the tests, but scripts
 * that print figures instead of passing or failing on time. Not part of
 * `scripts/test.sh`; run with `npm run bench` in ui-tests/.
 */
const testConfig = require('./playwright.config');

module.exports = {
  ...testConfig,
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  timeout: 15 * 60 * 1000,
  reporter: [['list']]
};
