// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Libraries from left to right: each may import only the ones to its left (ARCHITECTURE.md). The simulator
 * comes right after the contracts so that its ground truth never borrows the domain's rules.
 */
const layers = [
  'contracts',
  'simulator',
  'domain',
  'archive',
  'config',
  'persistence',
  'messaging',
  'observability',
];
const apps = ['bridge', 'cli'];

const throughIndexOnly = {
  group: ['@hoso/*/*', '**/libs/*/src/**', '**/libs/*/src'],
  message: 'Import a library through its alias and index only: @hoso/<lib>.',
};

const layerRules = layers.map((lib, i) => ({
  files: [`libs/${lib}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: layers.slice(i).map((l) => `@hoso/${l}`),
            message: `libs/${lib} may import only ${layers.slice(0, i).join(', ') || 'no other library'}.`,
          },
          { group: ['**/apps/**', '@hoso-app/*'], message: 'Libraries never import applications.' },
          throughIndexOnly,
        ],
      },
    ],
  },
}));

const appRules = apps.map((app) => ({
  files: [`apps/${app}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: apps.filter((a) => a !== app).flatMap((a) => [`**/apps/${a}/**`, `**/${a}/src/**`]),
            message: 'An application never imports another application.',
          },
          throughIndexOnly,
        ],
      },
    ],
  },
}));

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
    // The dashboard runs in the browser and talks to the bridge over HTTP; of the libraries it borrows
    // only the pure text helpers (the same diacritics-blind search as the export).
    files: ['apps/dashboard/**/*.ts', 'apps/dashboard/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@hoso/*',
                '**/apps/bridge/**',
                '**/apps/cli/**',
                '**/libs/*/src/**',
                '!**/libs/domain/src/text',
                '!**/libs/contracts/src/admin-api',
              ],
              message:
                'The dashboard talks to the bridge over HTTP; of the libraries it uses libs/domain/src/text and the types of libs/contracts/src/admin-api only.',
            },
          ],
        },
      ],
    },
  },
  ...layerRules,
  ...appRules,
  prettier,
);
