// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import boundariesPlugin from 'eslint-plugin-boundaries';

/**
 * The architecture the lint holds, on resolved paths (aliases and relative imports alike), with
 * eslint-plugin-boundaries. Libraries from left to right: each may import only the ones to its left
 * (ARCHITECTURE.md), through their index. The simulator is test data: only tests and the lab use it.
 */
const layers = [
  'contracts',
  'domain',
  'edxml',
  'archive',
  'config',
  'persistence',
  'messaging',
  'observability',
];

const lib = (types) => ({ element: { type: types, fileInternalPath: 'src/index.ts' } });

const boundaries = {
  files: ['**/*.ts', '**/*.tsx'],
  plugins: { boundaries: boundariesPlugin },
  settings: {
    'import/resolver': {
      typescript: {
        project: ['tsconfig.json', 'apps/dashboard/tsconfig.json'],
        noWarnOnMultipleProjects: true,
      },
    },
    'boundaries/elements': [
      ...layers.map((name) => ({ type: name, pattern: `libs/${name}` })),
      { type: 'simulator', pattern: 'libs/simulator' },
      { type: 'app', pattern: 'apps/*', capture: ['app'] },
      { type: 'tests', pattern: 'test' },
    ],
    'boundaries/files': [
      {
        category: 'test',
        pattern: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.fault-spec.ts', 'test/**'],
      },
    ],
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message:
          '{{from.type}} may not import {{to.type}} ({{to.internalPath}}): see the architecture in eslint.config.mjs',
        policies: [
          ...layers.map((name, i) => ({
            from: { element: { type: name } },
            allow: { to: lib(layers.slice(0, i)) },
          })),
          // Test data: it may send itself through the messaging port, but never borrows the domain's rules.
          {
            from: { element: { type: 'simulator' } },
            allow: { to: lib(['contracts', 'config', 'messaging', 'edxml']) },
          },
          // The bridge and the CLI are production: every library but the simulator.
          {
            from: { element: { type: 'app', captured: { app: ['bridge', 'cli'] } } },
            allow: { to: lib(layers) },
          },
          // The lab (simulator, demo, benchmarks) feeds the bridge made-up data, never deployed.
          {
            from: { element: { type: 'app', captured: { app: 'lab' } } },
            allow: { to: lib([...layers, 'simulator']) },
          },
          // The dashboard runs in the browser: the diacritics-blind search, and the admin API's types.
          {
            from: { element: { type: 'app', captured: { app: 'dashboard' } } },
            allow: {
              to: [
                { element: { type: 'domain', fileInternalPath: 'src/text.ts' } },
                { element: { type: 'contracts', fileInternalPath: 'src/admin-api/**' } },
              ],
            },
          },
          // Tests may use any library, and the test support and fixtures, but no application's insides.
          {
            from: { file: { categories: 'test' } },
            allow: { to: [lib([...layers, 'simulator']), { element: { type: 'tests' } }] },
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'var/**', 'node_modules/**', 'coverage/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Fixtures build malformed events on purpose: their shapes cannot be typed.
    files: ['test/fixtures/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // The dashboard runs in the browser and talks to the bridge over HTTP.
    files: ['apps/dashboard/**/*.ts', 'apps/dashboard/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
  },
  boundaries,
  prettier,
);
