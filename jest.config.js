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
  modulePathIgnorePatterns: [
    '<rootDir>/cellpipe/labextension',
    '<rootDir>/server',
    '<rootDir>/ui-tests'
  ]
};
