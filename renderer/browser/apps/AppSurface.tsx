/**
 * Where the app on screen is drawn: the system's navigation bar (back, the page's title, home),
 * the page itself in a shadow root of the app's own (open, so testers' scripts can read what
 * the driver sees) with the app's scoped CSS, its tab bar, and the system's dialogs and toast.
 */
import { useThemeMode } from '../themeMode.js';
import { VSS } from '../../../vehicle-bus/common/vss/catalog.js';
import type { CSSProperties, ReactNode } from 'react';
import { useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { CompiledUnit } from '../../../miniapps/runtime/common/format/app.js';
import type { NavigationKind } from '../../../miniapps/runtime/common/pageStack.js';
import type { ScreenRules } from '../../../safety/common/screenRules.js';
import type { OpenedApp } from '../../../services/common/protocol.js';
import type { HeadUnitStore } from '../state/store.js';
import { cutText } from '../../../safety/common/screenRules.js';
import { restrictionsFor, useHeadUnit } from '../state/store.js';
import type { AppHost, HostView, PageView } from './appHost.js';
import type { AppStyleSheets } from './appStyles.js';
import { appStyleSheets } from './appStyles.js';
import { packageAsset } from '../../../miniapps/runtime/common/host/mediaSource.js';
import { AppErrorBoundary } from './AppErrorBoundary.js';
import { SystemDialog, Toast } from './SystemDialog.js';
import type { ComponentInstances, PageContext } from './TemplateView.js';
import { appTargetOf, TemplateView } from './TemplateView.js';
import { createViewProbe } from './viewProbe.js';

/** Pages an app has not declared driving-optimised are covered while the screen rules say so. */
function lockedOut(app: OpenedApp, route: string, rules: ScreenRules | null): boolean {
  return (rules?.lockUnoptimisedPages ?? false) && !app.drivingOptimisedPages.includes(route);
}

/**
 * Each package's parsed sheets, kept across its cold starts: the logic URL names the installed
 * package by its digest, so an upgrade is a new entry. At most a few packages are kept.
 */
const sheetCache = new Map<string, AppStyleSheets>();
const SHEET_CACHE_PACKAGES = 8;

function stylesOf(app: OpenedApp): AppStyleSheets {
  let styles = sheetCache.get(app.logicUrl);
  if (styles) sheetCache.delete(app.logicUrl);
  else {
    styles = appStyleSheets(
      app.appCss,
      Object.values(app.components).map((component) => component.css),
      (route) => app.pages[route]?.css,
    );
  }
  sheetCache.set(app.logicUrl, styles);
  for (const oldest of sheetCache.keys()) {
    if (sheetCache.size <= SHEET_CACHE_PACKAGES) break;
    sheetCache.delete(oldest);
  }
  return styles;
}

/**
 * Parses an app's sheets and its first page's ahead of the tap (the launcher calls it when idle,
 * each app in its own task), so a cold start adopts sheets instead of parsing them.
 */
export function prepareStyles(app: OpenedApp): void {
  stylesOf(app).sheets(app.entryPagePath, false);
}

export interface AppSurfaceProps {
  readonly host: AppHost;
  readonly store: HeadUnitStore;
  readonly onHome: () => void;
  /** The driver touched a host-drawn microphone: start listening. */
  readonly onListen: () => void;
  /** A text field was touched: the on-screen keyboard types into it (the kiosk has no keys). */
  readonly onField?: ((field: HTMLInputElement | HTMLTextAreaElement) => void) | undefined;
}

/** A navigation the driver asked for; a refusal (e.g. the depth limit while driving) is logged, not thrown. */
function tryNavigate(host: AppHost, kind: NavigationKind, url?: string): void {
  try {
    host.navigate(kind, { url });
  } catch (error) {
    console.warn(`${host.app.id}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function AppSurface({ host, store, onHome, onListen, onField }: AppSurfaceProps) {
  const { app } = host;
  const view: HostView = useSyncExternalStore(
    (listener) => host.subscribe(listener),
    () => host.view,
  );
  const driving = useHeadUnit(store, (state) => state.driving);
  const latitude = useHeadUnit(store, (state) => state.signals[VSS.latitude]);
  const longitude = useHeadUnit(store, (state) => state.signals[VSS.longitude]);
  const lat = latitude?.valid && typeof latitude.value === 'number' ? latitude.value : null;
  const lon = longitude?.valid && typeof longitude.value === 'number' ? longitude.value : null;
  const vehicle = useMemo(() => (lat !== null && lon !== null ? { latitude: lat, longitude: lon } : null), [lat, lon]);
  const hostElement = useRef<HTMLDivElement>(null);
  // Night reaches every app: one with night styles of its own (app.json darkmode) gets the dark
  // scheme; any other is darkened by the host (appStyles), so no page glares at night. A light
  // page is a phone's page, dark text on white, whatever the host's own text colour is; the
  // darkening then turns both.
  const theme = useThemeMode();
  const scheme = theme === 'night' && app.darkmode ? 'dark' : 'light';
  const darkened = theme === 'night' && !app.darkmode;
  const [mount, setMount] = useState<HTMLElement | null>(null);
  const styles = useMemo(() => stylesOf(app), [app]);
  // The shadow root is made before the first paint; setting state in a layout effect renders
  // again synchronously, so the page (cached or live) is in the very frame after the tap.
  useLayoutEffect(() => {
    const element = hostElement.current;
    if (!element) return undefined;
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const root = document.createElement('div');
    root.className = 'app-root';
    // A phone design (ADR 0008) is laid out as on a 375-px phone and drawn phoneScale times larger.
    if (app.design === 'phone') {
      root.style.setProperty('--gb-rpx', '0.5px');
      root.style.setProperty('zoom', 'var(--gb-phone-scale, 1.75)');
    }
    shadow.appendChild(root);
    setMount(root);
    return () => {
      root.remove();
      setMount(null);
    };
  }, [app]);

  const top: PageView | undefined = view.stack[view.stack.length - 1];
  // The page is drawn from a deferred copy: a new page or new data renders in a transition,
  // which React slices into short tasks and abandons for anything urgent, so an app's big
  // drawing never holds the system UI's thread for long. What must be at once stays urgent:
  // the lockout and text limits (the restrictions), the stopped card, dialogs, the title.
  // Only updates of a page already live are deferred: a new page and a page's first live render
  // are the cold-start path and are drawn at once.
  const deferred: PageView | undefined = useDeferredValue(top);
  const drawn: PageView | undefined = top === undefined || deferred === undefined || deferred.id !== top.id || (top.live && !deferred.live) ? top : deferred;
  const topId = drawn?.id;
  // Stable per page, so a component's instance is made once, not on every render.
  const instances = useMemo<ComponentInstances | undefined>(
    () =>
      topId === undefined
        ? undefined
        : {
            allocate: () => host.allocateComponentId(),
            attach: (componentId, path, properties, onEvent, place, parentId) => void host.attachComponent(topId, path, properties, onEvent, place, { componentId, ...(parentId === undefined ? {} : { parentId }) }),
            info: (componentId) => host.view.componentInfo?.get(componentId),
            subscribe: (listener) => host.subscribe(listener),
            update: (componentId, properties) => host.updateComponent(componentId, properties),
            detach: (componentId) => host.detachComponent(componentId),
            data: (componentId) => host.view.components.get(componentId),
            dispatch: (componentId, handler, type, target, detail, tapped) => host.dispatchEvent(topId, handler, type, target, detail, componentId, tapped),
          },
    [host, topId],
  );
  const restrictions = restrictionsFor(driving, app.category);
  const restricted = restrictions !== null;
  const topRoute = top?.route;
  useLayoutEffect(() => {
    const shadow = hostElement.current?.shadowRoot;
    if (shadow && topRoute !== undefined) shadow.adoptedStyleSheets = styles.sheets(topRoute, restricted);
  }, [styles, topRoute, restricted]);

  const drawnRoute = drawn?.route;
  const unit = drawnRoute !== undefined && Object.hasOwn(app.pages, drawnRoute) ? (app.pages[drawnRoute] as CompiledUnit) : undefined;
  // One context per page and rules, so an urgent render with the same deferred page skips the drawing.
  const context = useMemo(
    (): PageContext | null =>
      unit === undefined || topId === undefined
        ? null
        : {
            unit,
            components: app.components,
            restrictions,
            dispatch: (handler, type, target, detail, tapped) => host.dispatchEvent(topId, handler, type, target, detail, undefined, tapped),
            navigate: (kind, url) => tryNavigate(host, kind, url),
            listen: onListen,
            keyboard: onField,
            vehicle,
            instances,
            stop: (reason) => host.kill(`its page could not be drawn: ${reason}`),
            asset: (src) => packageAsset(host.assetRoot, drawnRoute ?? '', src),
            warn: (message) => host.viewProblem(message),
          },
    [unit, drawnRoute, topId, app, restrictions, host, vehicle, instances, onListen, onField],
  );

  // The host's APIs about the page (queries, observers, canvas) read the page drawn on top.
  useEffect(() => {
    const scroller = hostElement.current;
    if (!mount || !scroller || topId === undefined) return undefined;
    return host.attachProbe(topId, createViewProbe({ root: mount, scroller, asset: (src) => packageAsset(host.assetRoot, drawnRoute ?? '', src), targetOf: appTargetOf }));
  }, [host, mount, topId, drawnRoute]);

  // Cold-start marks (bench/coldstart.ts): after React has committed the drawn page and the browser has painted.
  const marked = useRef({ cached: false, live: false });
  useEffect(() => {
    const top = drawn;
    if (!mount || !top) return;
    const mark = (name: string): void => {
      requestAnimationFrame(() => setTimeout(() => performance.mark(name, { detail: app.id }), 0));
    };
    if (!top.live && !marked.current.cached && Object.keys(top.data).length > 0) {
      marked.current.cached = true;
      mark('gb:cached-frame');
    }
    // The page's first live data is on screen: its onReady runs now (WeChat's "first drawing done").
    if (top.live) host.pageDrawn(top.id);
    if (top.live && !marked.current.live) {
      marked.current.live = true;
      mark('gb:first-live-render');
    }
  }, [mount, drawn, app, host]);

  // What covers the app's rectangle: drawn by the system outside the app's shadow root and
  // above its stacking context, so no app CSS can restyle, hide or paint over it.
  let cover: ReactNode = null;
  let page: ReactNode = null;
  if (view.stoppedReason !== null) {
    cover = (
      <div className="app-cover" data-testid="app-stopped">
        <p>{app.name} stopped</p>
        <p className="app-cover-detail">{view.stoppedReason}</p>
        <button type="button" className="app-cover-home" onClick={onHome}>
          Back to Home
        </button>
      </div>
    );
  } else if (top && lockedOut(app, top.route, restrictions)) {
    // Judged on the page the driver navigated to, not the one still drawn: a lockout is never deferred.
    cover = (
      <div className="app-cover" data-testid="lockout">
        <p>{app.name} is available when parked</p>
      </div>
    );
  } else if (drawn && unit?.broken !== undefined) {
    // A page the installer could not compile (degraded, not refused): a notice, its reason for the developer.
    page = (
      <div className="gb-page gb-broken-page" data-testid="page-broken" data-route={drawn.route}>
        <p>This page of {app.name} cannot be shown.</p>
        <p className="gb-broken-detail">{unit.broken}</p>
      </div>
    );
  } else if (drawn && context && !lockedOut(app, drawn.route, restrictions)) {
    page = (
      <div className={drawn.live ? 'gb-page' : 'gb-page gb-cached'} data-route={drawn.route} data-live={String(drawn.live)}>
        <TemplateView data={drawn.data} context={context} />
      </div>
    );
  }

  const tabBar = app.tabBar;
  return (
    <section className="app-surface" data-testid="app-surface" data-app-id={app.id}>
      <nav className="app-bar">
        <button type="button" className="home" data-testid="home" onClick={onHome}>
          Home
        </button>
        {view.stack.length > 1 ? (
          <button type="button" className="back" data-testid="back" onClick={() => tryNavigate(host, 'navigateBack')}>
            Back
          </button>
        ) : null}
        <span className="app-title" data-testid="app-title">
          {cutText(restrictions, top?.title ?? app.name)}
        </span>
        {top?.titleLoading === true ? <span className="app-title-loading" role="progressbar" aria-label="Loading" data-testid="app-title-loading" /> : null}
      </nav>
      <div className="app-stage">
        {/* The app's box: paint and layout contained, its own stacking context, clipped. */}
        <div className="app-frame" style={{ '--gb-color-scheme': scheme } as CSSProperties}>
          <div className="app-view" data-testid="app-view" data-darkened={String(darkened)} ref={hostElement} inert={cover !== null} style={scheme === 'dark' ? { background: 'var(--gb-background)', color: 'var(--gb-text)' } : { background: app.windowBackground ?? '#ffffff', color: '#1f2328' }}>
            {mount ? createPortal(<AppErrorBoundary key={drawn?.id} onError={(reason) => host.kill(reason)}>{page}</AppErrorBoundary>, mount) : null}
          </div>
        </div>
        {cover}
      </div>
      {tabBar && view.stoppedReason === null && view.tabBar?.hidden !== true ? (
        <nav className="tab-bar" data-testid="tab-bar">
          {tabBar.map((item, index) => {
            const badge = view.tabBar?.badges[index];
            return (
              <button
                // Published apps list one page under several tabs (placeholders): keyed by place, and only the first is selected, as WeChat does.
                key={`${index}:${item.pagePath}`}
                type="button"
                className={index === tabBar.findIndex((each) => each.pagePath === top?.route) ? 'tab selected' : 'tab'}
                data-testid="tab"
                onClick={() => tryNavigate(host, 'switchTab', `/${item.pagePath}`)}
              >
                {cutText(restrictions, view.tabBar?.texts[index] ?? item.text)}
                {badge === undefined ? null : (
                  <span className={badge === '' ? 'tab-dot' : 'tab-badge'} data-testid="tab-badge">
                    {badge}
                  </span>
                )}
              </button>
            );
          })}
        </nav>
      ) : null}
      {view.dialog ? <SystemDialog dialog={view.dialog} rules={restrictions} /> : null}
      {view.toast ? <Toast toast={view.toast} rules={restrictions} /> : null}
    </section>
  );
}
