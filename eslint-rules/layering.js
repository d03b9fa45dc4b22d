// The architecture's import rules (../shared/design/architecture.md, "Layout"), as a local lint
// rule in the manner of vscode's code-layering: relative imports are resolved against the
// importing file, then checked by domain (the top-level folder) and environment (common/,
// node/, browser/). Type-only imports cross domains freely; the typecheck guards their use.
import { dirname, relative, resolve, sep } from 'node:path';

const ENVIRONMENTS = ['common', 'node', 'browser', 'electron-main'];

/**
 * What each domain may import (besides itself), bottom to top (docs/adr/0011). base/ holds the
 * helpers every layer shares and knows nothing of cars or apps. Domains not listed (tests,
 * bench, scripts) may import anything.
 */
const DOMAIN_RULES = {
  base: { allowed: [], why: 'base/ is the bottom layer: shared helpers that import no domain' },
  'vehicle-bus': { allowed: ['base'], why: 'vehicle-bus is the bottom of the data spine: it imports no other domain' },
  voice: { allowed: ['base'], why: 'voice imports no other domain; services composes it' },
  safety: { allowed: ['base', 'vehicle-bus'], why: 'safety reads the vehicle bus (its signals, VSS paths and gear codes) and nothing above it' },
  'miniapps/apps': { allowed: ['miniapps/sdk'], why: 'a bundled mini-app imports only miniapps/sdk, like any third-party app' },
  miniapps: { allowed: ['base', 'safety'], why: 'miniapps imports no other domain but safety\'s screen rules and policy (docs/adr/0005); services composes it' },
  renderer: { allowed: ['base', 'miniapps', 'safety', 'vehicle-bus'], typesFrom: ['services'], why: 'the system UI reaches services only through the typed protocol (import type), draws mini-app views with the runtime\'s IR code, by safety\'s screen rules and the bus\'s VSS vocabulary' },
  services: { allowed: ['base', 'vehicle-bus', 'safety', 'voice', 'miniapps'], why: 'services composes the domains; only electron/, sim/ and cli/ compose services with the renderer' },
  sim: { allowed: ['base', 'vehicle-bus', 'safety', 'voice', 'miniapps', 'services', 'renderer'], why: 'the simulator composes services with the system UI; the glovebox command (cli/) starts it, not the other way' },
  electron: { allowed: ['base', 'vehicle-bus', 'safety', 'voice', 'miniapps', 'services'], why: 'the kiosk shell composes services and serves the built UI; it imports no command line and no simulator' },
  cli: { allowed: ['base', 'vehicle-bus', 'safety', 'voice', 'miniapps', 'services', 'sim'], why: 'the glovebox command is the top: it starts the simulator or the kiosk and runs the tools; nothing imports it' },
};

/** What each environment may import: the environments it may reach. */
const ENVIRONMENT_RULES = {
  common: { allowed: ['common'], why: 'common/ is pure TypeScript: no Node, no DOM' },
  browser: { allowed: ['common', 'browser'], why: 'browser/ code cannot use Node modules' },
  node: { allowed: ['common', 'node'], why: 'node/ code cannot use DOM modules' },
  'electron-main': { allowed: ['common', 'node', 'electron-main'], why: 'electron-main/ cannot use DOM modules' },
};

/** The domain of a repository path: its first folder, or miniapps/<part> inside miniapps. */
function domainOf(path) {
  const parts = path.split('/');
  if (parts[0] === 'miniapps' && parts[1] === 'apps') return 'miniapps/apps';
  if (parts[0] === 'miniapps' && parts[1] === 'sdk') return 'miniapps/sdk';
  return parts[0];
}

function environmentOf(path) {
  return path.split('/').find((part) => ENVIRONMENTS.includes(part));
}

function isSameOrInside(domain, allowed) {
  return domain === allowed || domain.startsWith(`${allowed}/`) || allowed.startsWith(`${domain}/`);
}

export const layering = {
  meta: {
    type: 'problem',
    docs: { description: "Enforce the architecture's import directions between domains and environments" },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = relative(root, context.filename).split(sep).join('/');
    if (file.startsWith('..')) return {};
    const fromDomain = domainOf(file);
    const fromEnvironment = environmentOf(file);
    const domainRule = DOMAIN_RULES[fromDomain] ?? (fromDomain.startsWith('miniapps/') ? DOMAIN_RULES.miniapps : undefined);
    const environmentRule = ['tests', 'bench'].includes(fromDomain) ? undefined : ENVIRONMENT_RULES[fromEnvironment];

    function check(node, source, typeOnly) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = relative(root, resolve(dirname(context.filename), source)).split(sep).join('/');
      if (target.startsWith('..')) return;
      const toDomain = domainOf(target);
      if (domainRule && !isSameOrInside(toDomain, fromDomain)) {
        const allowed = domainRule.allowed.some((domain) => isSameOrInside(toDomain, domain)) || (typeOnly && (domainRule.typesFrom ?? []).some((domain) => isSameOrInside(toDomain, domain)));
        if (!allowed) {
          context.report({ node, message: `${fromDomain} may not import ${toDomain} ("${source}"): ${domainRule.why}.` });
          return;
        }
      }
      const toEnvironment = environmentOf(target);
      if (environmentRule && toEnvironment && !typeOnly && !environmentRule.allowed.includes(toEnvironment)) {
        context.report({ node, message: `${fromEnvironment}/ may not import ${toEnvironment}/ ("${source}"): ${environmentRule.why}.` });
      }
    }

    return {
      ImportDeclaration(node) {
        check(node, node.source.value, node.importKind === 'type' || node.specifiers.every((specifier) => specifier.importKind === 'type') && node.specifiers.length > 0);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value, false);
      },
    };
  },
};

export default { rules: { layering } };
