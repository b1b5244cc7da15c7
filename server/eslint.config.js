// Flat config: typescript-eslint (type-aware) for src, plain JS rules for bench
// and bin; formatting is prettier's job, reported through eslint-plugin-prettier.
import js from '@eslint/js';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers and what each may not import (docs/architecture.md has the
// picture). Import paths are matched by folder name, so `../http/x.js` and
// `../../http/x.js` both count as the HTTP layer.
const LAYERS = {
  contract: ['*'],
  errors: ['*'],
  spec: ['effects', 'services', 'edge'],
  notebook: ['effects', 'services', 'edge'],
  compiler: ['effects', 'services', 'edge'],
  streams: ['effects', 'services', 'edge', 'core'],
  auth: ['effects', 'services', 'edge', 'core'],
  store: ['kube', 'executors', 'services', 'edge'],
  kube: ['store', 'executors', 'services', 'edge'],
  executors: ['services', 'edge'],
  pipelines: ['store', 'kube', 'executors', 'services', 'edge'],
  runs: ['kube', 'serving', 'events', 'edge'],
  serving: ['executors', 'runs', 'pipelines', 'events', 'edge'],
  events: ['runs', 'serving', 'pipelines', 'executors', 'kube', 'http', 'cli'],
  http: ['cli']
};
const GROUPS = {
  core: ['spec', 'notebook', 'compiler'],
  effects: ['store', 'kube', 'executors', 'streams'],
  services: ['pipelines', 'runs', 'serving', 'events'],
  edge: ['http', 'cli', 'auth', 'app.js', 'CellpipeServer.js'],
  '*': ['*']
};
const folders = names => names.flatMap(n => GROUPS[n] ?? [n]);
const layerRules = Object.entries(LAYERS).map(([layer, banned]) => {
  const names = folders(banned);
  const files =
    layer === 'errors' ? ['src/errors.ts'] : [`src/${layer}/**/*.ts`];
  // contract/ imports nothing of ours; errors.ts only the contract.
  const below = layer === 'errors' ? '^\\./(?!contract/)' : '^\\.\\./';
  const patterns = names.includes('*')
    ? [
        {
          regex: below,
          message: `${layer} sits below every layer: it imports none of them.`
        }
      ]
    : [
        {
          group: names.map(n => (n.endsWith('.js') ? `**/${n}` : `**/${n}/*`)),
          message: `${layer} may not import these layers (docs/architecture.md).`
        }
      ];
  return {
    files,
    ignores: ['src/**/*.test.ts', 'src/**/*.fixture.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns }] }
  };
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/'] },
  {
    files: ['**/*.js', '**/*.mjs', 'bin/cellpipe'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node }
  },
  {
    files: ['src/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      // node:test's test()/describe() return promises the runner awaits itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              name: ['test', 'describe', 'it', 'suite'],
              package: 'node:test'
            }
          ]
        }
      ],
      eqeqeq: 'error',
      curly: ['error', 'all']
    }
  },
  ...layerRules,
  {
    // Production code: the client library only through kube/, no test helpers.
    files: ['src/**/*.ts'],
    ignores: [
      'src/kube/**',
      'src/testing/**',
      'src/**/*.test.ts',
      'src/**/*.fixture.ts'
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@kubernetes/client-node',
              message: 'Reach the Kubernetes client through kube/client.ts.'
            }
          ],
          patterns: [
            {
              group: ['**/testing/*'],
              message: 'Production code imports no test helper.'
            }
          ]
        }
      ]
    }
  },
  prettierRecommended
);
