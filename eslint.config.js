// Lint is where the architecture is enforced: the local `glovebox/layering` rule checks the
// import directions of ../shared/design/architecture.md ("Domains import downward only";
// common/ node/ browser/), and common/ may not name a Node module at all.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import glovebox from './eslint-rules/layering.js';

const DOMAINS = ['vehicle-bus', 'safety', 'voice', 'miniapps', 'services', 'renderer', 'sim', 'electron'];

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { glovebox },
    rules: {
      'glovebox/layering': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'func-style': ['error', 'declaration', { allowArrowFunctions: true }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: DOMAINS.map((domain) => `${domain}/**/common/**/*.ts`),
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'child_process'], message: 'common/ is pure TypeScript: no Node modules.' }] }],
    },
  },
  {
    // Mini-app logic runs in a logic container with the mini-program globals, no DOM, no Node.
    files: ['tests/fixtures/miniapps/**/*.js', 'miniapps/apps/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', console: 'readonly', App: 'readonly', Page: 'readonly', Component: 'readonly', Behavior: 'readonly', getApp: 'readonly', getCurrentPages: 'readonly', wx: 'readonly', my: 'readonly', car: 'readonly', require: 'readonly', module: 'writable' },
    },
    // CommonJS is the mini-program module system (require and module.exports between an app's own files).
    rules: { '@typescript-eslint/no-unused-vars': ['error', { args: 'none' }], '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The SDK types a dynamic JavaScript API for JavaScript apps: a page's own fields (this.plan = …) are the app's, untyped.
    files: ['miniapps/sdk/**/*.d.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Build scripts run in Node.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    // Stand-ins of native modules are CommonJS, loaded by the package under test with require().
    files: ['tests/fixtures/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "MemberExpression[property.name='only']", message: 'No focused tests.' }],
    },
  },
);
