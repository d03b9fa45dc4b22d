/**
 * The page stack's rules, apart from any UI: what navigateTo, redirectTo, navigateBack,
 * switchTab and reLaunch do to the stack, or why they are refused. Tab pages stay alive when
 * another tab is chosen (as on a phone); every other page lives only while on the stack.
 */
import { depthAllowed } from '../../../safety/common/screenRules.js';

export type NavigationKind = 'navigateTo' | 'redirectTo' | 'navigateBack' | 'switchTab' | 'reLaunch';
export const NAVIGATION_KINDS: readonly NavigationKind[] = ['navigateTo', 'redirectTo', 'navigateBack', 'switchTab', 'reLaunch'];

/** The mini-program platforms' own limit on pages in the stack. */
export const MAX_STACK = 10;

export interface StackPage {
  readonly id: number;
  readonly route: string;
}

export interface NavigationState {
  /** Bottom first; the last is on screen. */
  readonly stack: readonly StackPage[];
  /** Tab pages created so far (alive even when another tab is on screen). */
  readonly tabs: readonly StackPage[];
}

export interface NavigationRules {
  readonly pages: readonly string[];
  readonly tabPages: readonly string[];
  /** Levels below the first page allowed now (the policy's maxContentDepth while driving); null: no limit. */
  readonly depthLimit: number | null;
}

export interface PageTarget {
  readonly route: string;
  readonly query: Readonly<Record<string, string>>;
}

/** What to do, in this order: unload pages, hide one, then open a new page or show a kept tab. */
export interface NavigationPlan {
  readonly unload: readonly number[];
  readonly hide: number | null;
  readonly open: PageTarget | null;
  readonly show: number | null;
}

export class NavigationError extends Error {}

/** Reads `url` ("/pages/a/a?x=1", "../b/b", "c?y=2") against the page it is asked from. */
export function parsePageUrl(url: unknown, fromRoute: string): PageTarget {
  if (typeof url !== 'string' || url === '') throw new NavigationError('url must be a page path such as /pages/detail/detail?id=1');
  const [path = '', search = ''] = url.split('?', 2);
  const parts = path.startsWith('/') ? [] : fromRoute.split('/').slice(0, -1);
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const query: Record<string, string> = {};
  for (const pair of search.split('&')) {
    if (pair === '') continue;
    const [key = '', value = ''] = pair.split('=', 2);
    try {
      query[decodeURIComponent(key)] = decodeURIComponent(value);
    } catch {
      throw new NavigationError(`url ${url}: the query is not valid percent-encoding`);
    }
  }
  return { route: parts.join('/'), query };
}

export function planNavigation(state: NavigationState, kind: NavigationKind, args: { readonly url?: unknown; readonly delta?: unknown }, rules: NavigationRules): NavigationPlan {
  const top = state.stack[state.stack.length - 1];
  const from = top?.route ?? '';
  if (kind === 'navigateBack') {
    const delta = args.delta === undefined ? 1 : Number(args.delta);
    if (!Number.isInteger(delta) || delta < 1) throw new NavigationError(`delta must be a whole number of pages, at least 1; found ${String(args.delta)}`);
    if (state.stack.length <= 1) throw new NavigationError('already at the first page');
    const keep = Math.max(1, state.stack.length - delta);
    return { unload: state.stack.slice(keep).map((page) => page.id).reverse(), hide: null, open: null, show: state.stack[keep - 1]?.id ?? null };
  }
  const target = parsePageUrl(args.url, from);
  if (!rules.pages.includes(target.route)) throw new NavigationError(`no page ${target.route} in app.json pages`);
  const isTab = rules.tabPages.includes(target.route);
  const aboveBottom = state.stack.slice(1).map((page) => page.id).reverse();
  const bottom = state.stack[0];
  switch (kind) {
    case 'navigateTo':
      if (isTab) throw new NavigationError(`${target.route} is a tabBar page: use switchTab`);
      if (state.stack.length >= MAX_STACK) throw new NavigationError(`the page stack is full (${MAX_STACK} pages): use redirectTo or navigateBack`);
      // The new page's depth is the stack's length (the first page is depth 0); the policy's own rule judges it.
      if (!depthAllowed({ maxDepth: rules.depthLimit }, state.stack.length)) {
        throw new NavigationError(`not while driving: at most ${rules.depthLimit} level${rules.depthLimit === 1 ? '' : 's'} below the first page`);
      }
      return { unload: [], hide: top?.id ?? null, open: target, show: null };
    case 'redirectTo':
      if (isTab) throw new NavigationError(`${target.route} is a tabBar page: use switchTab`);
      return { unload: top && !state.tabs.some((tab) => tab.id === top.id) ? [top.id] : [], hide: top && state.tabs.some((tab) => tab.id === top.id) ? top.id : null, open: target, show: null };
    case 'switchTab': {
      if (!isTab) throw new NavigationError(`${target.route} is not a tabBar page`);
      const kept = state.tabs.find((tab) => tab.route === target.route);
      const bottomIsTab = bottom !== undefined && state.tabs.some((tab) => tab.id === bottom.id);
      const unload = bottomIsTab ? aboveBottom : state.stack.map((page) => page.id).reverse();
      if (kept?.id === bottom?.id) return { unload, hide: null, open: null, show: kept?.id ?? null };
      return { unload, hide: bottomIsTab ? (bottom?.id ?? null) : null, open: kept ? null : target, show: kept?.id ?? null };
    }
    case 'reLaunch':
      return { unload: [...state.stack.map((page) => page.id).reverse(), ...state.tabs.filter((tab) => !state.stack.some((page) => page.id === tab.id)).map((tab) => tab.id)], hide: null, open: target, show: null };
  }
}
