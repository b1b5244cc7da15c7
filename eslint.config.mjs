import js from '@eslint/js';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * The frontend's boundaries (docs/architecture.md, "The frontend"). ESLint
 * applies one setting of a rule per file, so each group of files below gets
 * the whole list of what it may not import.
 */
const FEATURES = [
  'cells',
  'cluster',
  'deployments',
  'launcher',
  'panel',
  'pipelines',
  'runs'
];

const RESTRICTED = {
  api: {
    group: ['**/api/*'],
    message:
      'Only src/api, the core plugin (src/core) and src/tokens.ts know the server: use ICellpipe, ApiError and the wire types from src/tokens.ts.'
  },
  plugins: {
    group: ['**/plugin'],
    message:
      'A plugin file is the wiring of its feature, and only src/index.ts imports it: require a token instead.'
  },
  core: {
    group: ['**/core/**'],
    message:
      'src/core is the core plugin itself: features get the connection through ICellpipe.'
  },
  tests: {
    group: ['**/__tests__/**'],
    message: 'Production code does not import test helpers.'
  },
  features: {
    group: FEATURES.map(f => `**/${f}/**`),
    message:
      'src/ui and src/graph are shared building blocks: they import no feature.'
  },
  outsideApi: {
    group: ['../**'],
    message:
      'src/api is the bottom layer: it imports nothing of the features or the tokens.'
  },
  tokensDependOnApiOnly: {
    group: [...FEATURES, 'core', 'ui', 'graph'].map(f => `./${f}/**`),
    message: 'src/tokens.ts is the public contract: it imports only src/api.'
  },
  componentRuntime: {
    group: ['**/tokens', '**/*Model', '**/*Registry'],
    allowTypeImports: true,
    message:
      'React components get props only: no token and no model at run time in a .tsx file (type imports are fine; a plugin or a widget in a .ts file makes the model).'
  }
};

function boundaries(files, groups) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: groups.map(name => RESTRICTED[name]) }
      ]
    }
  };
}

const inFeatures = ext => FEATURES.map(f => `src/${f}/**/*.${ext}`);
const inShared = ext => ['ui', 'graph'].map(f => `src/${f}/**/*.${ext}`);
// A feature's plugin file too: it imports its own modules and tokens, no other plugin.
const FEATURE_RULES = ['api', 'plugins', 'core', 'tests'];

// JupyterLab's extension-template rules, as a flat config.
export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'lib',
      'coverage',
      'cellpipe/labextension',
      'server',
      'ui-tests',
      '.venv',
      // scripts/build-wheel.sh's staging folder and the wheel (a 10 MB bundle)
      'build',
      'dist',
      '**/*.d.ts',
      '*.js'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettierRecommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      globals: { ...globals.browser }
    },
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-use-before-define': 'off',
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error',
      quotes: ['error', 'single', { avoidEscape: true }]
    }
  },
  {
    files: ['src/__tests__/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } }
  },
  boundaries(['src/api/**/*.ts'], ['outsideApi']),
  boundaries(['src/tokens.ts'], ['tokensDependOnApiOnly', 'tests']),
  boundaries(['src/index.ts'], ['api', 'tests']),
  boundaries(['src/core/**/*.ts'], ['plugins', 'tests']),
  boundaries(inFeatures('ts'), FEATURE_RULES),
  boundaries(inFeatures('tsx'), [...FEATURE_RULES, 'componentRuntime']),
  boundaries(inShared('ts'), [...FEATURE_RULES, 'features']),
  boundaries(inShared('tsx'), [
    ...FEATURE_RULES,
    'features',
    'componentRuntime'
  ]),
  boundaries(['src/__tests__/**/*.{ts,tsx}'], ['plugins'])
);
