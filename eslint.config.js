// Lint is where the architecture is enforced: each zone below is a rule of
// ../shared/design/architecture.md ("Domains import downward only"; common/ node/ browser/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const DOMAINS = ['vehicle-bus', 'safety', 'voice', 'miniapps', 'services', 'renderer', 'sim', 'electron'];

/** Every domain except the ones named: what a domain may not import. */
function domainsExcept(...allowed) {
  return DOMAINS.filter((domain) => !allowed.includes(domain)).map((domain) => `./${domain}`);
}

/** The folders named `environment` inside any domain (at any depth). */
function inDomains(environment) {
  return DOMAINS.map((domain) => `./${domain}/**/${environment}/**`);
}

const layering = [
  {
    target: './vehicle-bus',
    from: domainsExcept('vehicle-bus'),
    message: 'vehicle-bus is the bottom of the data spine: it imports no other domain.',
  },
  {
    target: './voice',
    from: domainsExcept('voice'),
    message: 'voice imports no other domain; services composes it.',
  },
  {
    target: './safety',
    from: domainsExcept('safety', 'vehicle-bus'),
    message: 'safety imports only vehicle-bus (types); services composes it.',
  },
  {
    target: './miniapps/apps',
    from: [...domainsExcept(), './miniapps/runtime', './miniapps/backends'],
    message: 'A bundled mini-app imports only miniapps/sdk, like any third-party app.',
  },
  {
    target: './renderer',
    from: domainsExcept('renderer'),
    message: 'The system UI reaches services only through the typed protocol (import type from services is allowed).',
  },
  // Environments: common/ is pure, browser/ never reaches Node and node/ never reaches the DOM.
  // (tests/ mirrors these folder names but runs in Node, so only domain sources are zoned.)
  { target: inDomains('common'), from: ['**/node/**', '**/browser/**'], message: 'common/ is pure TypeScript: no Node, no DOM.' },
  { target: inDomains('browser'), from: ['**/node/**'], message: 'browser/ code cannot use Node modules.' },
  { target: inDomains('node'), from: ['**/browser/**'], message: 'node/ code cannot use DOM modules.' },
];

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { typescript: { project: ['tsconfig.common.json', 'tsconfig.node.json'], noWarnOnMultipleProjects: true } } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layering }],
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
    files: ['tests/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "MemberExpression[property.name='only']", message: 'No focused tests.' }],
    },
  },
);
