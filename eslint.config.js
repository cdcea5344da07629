// ESLint flat config: typescript-eslint's type-aware recommended rules for the TypeScript,
// plain recommended rules for the few JavaScript files, and eslint-config-prettier last so no
// rule argues with the formatter (Prettier owns layout; ESLint owns correctness).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// One policy for unused names in TypeScript and JavaScript alike.
const unusedVars = [
  'error',
  {
    // `_`-prefixed names are deliberate: a handler's unused `_req`, a skipped tuple slot, `catch (_error)`.
    argsIgnorePattern: '^_',
    varsIgnorePattern: '^_',
    caughtErrorsIgnorePattern: '^_',
    destructuredArrayIgnorePattern: '^_',
    // Rest siblings are how an object drops a key: `const { password_hash, ...curator } = row`.
    ignoreRestSiblings: true,
  },
];

export default defineConfig(
  {
    // ESLint does not read .gitignore: build output, runtime files and reports, by hand.
    ignores: ['dist/', 'node_modules/', 'coverage/', 'test-artifacts/', 'bench/var/', 'data/var/'],
  },
  {
    // A disable comment that no longer suppresses anything is noise: report it.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  { rules: { 'no-unused-vars': unusedVars } },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // Each file is checked with the tsconfig.json that includes it (the one at the root).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': unusedVars,
      // The default, said out loud: `void promise` marks a deliberate fire-and-forget.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          // The defaults (numbers, booleans, nullish, any, RegExp) plus Node's URL and
          // URLSearchParams, whose string form is the URL / query string: `/admin/review?${query}`.
          allowNumber: true,
          allowBoolean: true,
          allowNullish: true,
          allowAny: true,
          allowRegExp: true,
          allow: [
            { name: ['Error', 'URL', 'URLSearchParams'], from: 'lib' },
            { name: ['URL', 'URLSearchParams'], from: 'package', package: 'url' },
          ],
        },
      ],
    },
  },
  {
    // supertest's `res.body` and JSON.parse are `any`; in a test the expect() that follows is
    // the check of that shape, and a cast before it would prove nothing. Shared test code
    // (test/support, test/setup) keeps the rules.
    files: ['test/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The compiled-CLI launcher and this file: Node ES modules outside the TypeScript project.
    files: ['bin/**/*.js', '*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // Progressive-enhancement scripts served to browsers as classic scripts, not modules.
    files: ['views/static/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  prettier,
);
