const jestJupyterLab = require('@jupyterlab/testing/lib/jest-config');

const baseConfig = jestJupyterLab(__dirname);

module.exports = {
  ...baseConfig,
  automock: false,
  // jest-junit and github-actions reporters are for other CIs; keep the console readable.
  reporters: ['default'],
  collectCoverageFrom: ['src/**/*.{ts,tsx}', '!src/**/*.d.ts'],
  coverageReporters: ['text-summary'],
  testRegex: 'src/__tests__/.*\\.spec\\.tsx?$',
  // JupyterLab's packages and ansi_up ship ES modules; the component tests and
  // the plugin-wiring test import them, so babel turns them into CommonJS too
  // (the base list already covers JupyterLab's dependencies).
  transformIgnorePatterns: baseConfig.transformIgnorePatterns.map(pattern =>
    pattern.replace('(?!', '(?!@jupyterlab/|ansi_up/|')
  ),
  modulePathIgnorePatterns: [
    '<rootDir>/cellpipe/labextension',
    '<rootDir>/server',
    '<rootDir>/ui-tests'
  ]
};
