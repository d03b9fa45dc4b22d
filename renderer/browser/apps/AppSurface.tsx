/**
 * Where the app on screen is drawn: the system's navigation bar (back, the page's title, home),
 * the page itself in a shadow root of the app's own (open, so testers' scripts can read what
 * the driver sees) with the app's scoped CSS, its tab bar, and the system's dialogs and toast.
 */
import type { ReactNode } from 'react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { CompiledUnit } from '../../../miniapps/runtime/common/format/app.js';
import type { NavigationKind } from '../../../miniapps/runtime/common/navigation.js';
import type { DrivingView, OpenedApp } from '../../../services/common/protocol.js';
import type { HeadUnitStore } from '../state/store.js';
import { restrictionsFor, useHeadUnit } from '../state/store.js';
import type { AppHost, HostView, PageView } from './appHost.js';
import { SystemDialog, Toast } from './SystemDialog.js';
import type { ComponentInstances } from './TemplateView.js';
import { TemplateView } from './TemplateView.js';

/** The host's own elements inside the shadow root (the app's CSS cannot reach the rest of the UI). */
const HOST_CSS = `[data-wx="switch"] { width: 88px; height: 48px; border-radius: 24px; border: 0; background: #8c959f; position: relative; }
[data-wx="switch"][aria-checked="true"] { background: #0b6e4f; }
.gb-switch-knob { position: absolute; top: 6px; left: 6px; width: 36px; height: 36px; border-radius: 50%; background: white; }
[data-wx="switch"][aria-checked="true"] .gb-switch-knob { left: 46px; }
[data-wx="button"] { font: inherit; min-height: 64px; min-width: 96px; padding: 0 24px; border-radius: 16px; border: 1px solid #8c959f; background: #ffffff; }
[data-wx="swiper"] { position: relative; overflow: hidden; min-height: 96px; display: flex; align-items: center; padding: 0 88px; }
.gb-swiper-prev, .gb-swiper-next { position: absolute; top: 50%; transform: translateY(-50%); font-size: 40px; border: 0; background: rgb(0 0 0 / 25%); color: white; border-radius: 50%; width: 64px; height: 64px; }
.gb-swiper-prev { left: 8px; } .gb-swiper-next { right: 8px; }
[data-wx="slider"] input { width: 480px; height: 48px; }
[data-wx="picker"] select, [data-wx="picker"] input { font: inherit; min-height: 64px; padding: 0 16px; }
.gb-image-hidden { display: inline-block; padding: 16px; background: #d0d7de; color: #57606a; border-radius: 12px; }
.gb-lockout { display: flex; align-items: center; justify-content: center; height: 480px; font-size: 36px; background: #1f2328; color: #e6edf3; border-radius: 24px; }
.gb-more-when-parked { padding: 12px; color: #57606a; font-style: italic; }
.gb-blocked { padding: 24px; background: #1f2328; color: #e6edf3; border-radius: 12px; }
.gb-cached { pointer-events: none; }
[data-wx="input"], [data-wx="textarea"] { font: inherit; font-size: 28px; padding: 12px 16px; min-width: 520px; border-radius: 12px; border: 1px solid #8c959f; }
.gb-voice-instead { margin-left: 12px; font: inherit; padding: 6px 16px; border-radius: 16px; border: 0; background: #0b6e4f; color: white; }`;

/** Pages an app has not declared driving-optimised are covered while the car is not parked. */
function lockedOut(app: OpenedApp, route: string, driving: DrivingView | null): boolean {
  return driving?.state !== 'PARKED' && !app.drivingOptimisedPages.includes(route);
}

/** Each app's sheets, parsed once per app version: a hot start or a second visit parses nothing. */
const sheetCache = new WeakMap<OpenedApp, (route: string) => CSSStyleSheet[]>();

/** One stylesheet per page (WXSS of a page applies to that page only), made on first use. */
function pageSheets(app: OpenedApp): (route: string) => CSSStyleSheet[] {
  const cached = sheetCache.get(app);
  if (cached) return cached;
  const base = new CSSStyleSheet();
  base.replaceSync(`${HOST_CSS}\n${app.appCss}\n${Object.values(app.components).map((component) => component.css).join('\n')}`);
  const sheets = new Map<string, CSSStyleSheet>();
  const forRoute = (route: string): CSSStyleSheet[] => {
    let sheet = sheets.get(route);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(app.pages[route]?.css ?? '');
      sheets.set(route, sheet);
    }
    return [base, sheet];
  };
  sheetCache.set(app, forRoute);
  return forRoute;
}

export interface AppSurfaceProps {
  readonly host: AppHost;
  readonly store: HeadUnitStore;
  readonly onHome: () => void;
}

/** A navigation the driver asked for; a refusal (e.g. the depth limit while driving) is logged, not thrown. */
function tryNavigate(host: AppHost, kind: NavigationKind, url?: string): void {
  try {
    host.navigate(kind, { url });
  } catch (error) {
    console.warn(`${host.app.id}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function AppSurface({ host, store, onHome }: AppSurfaceProps) {
  const { app } = host;
  const view: HostView = useSyncExternalStore(
    (listener) => host.subscribe(listener),
    () => host.view,
  );
  const driving = useHeadUnit(store, (state) => state.driving);
  const latitude = useHeadUnit(store, (state) => state.signals['Vehicle.CurrentLocation.Latitude']);
  const longitude = useHeadUnit(store, (state) => state.signals['Vehicle.CurrentLocation.Longitude']);
  const vehicle = latitude?.valid && longitude?.valid && typeof latitude.value === 'number' && typeof longitude.value === 'number' ? { latitude: latitude.value, longitude: longitude.value } : null;
  const hostElement = useRef<HTMLDivElement>(null);
  const [mount, setMount] = useState<HTMLElement | null>(null);
  const sheetsFor = useMemo(() => pageSheets(app), [app]);
  // The shadow root is made before the first paint; setting state in a layout effect renders
  // again synchronously, so the page (cached or live) is in the very frame after the tap.
  useLayoutEffect(() => {
    const element = hostElement.current;
    if (!element) return undefined;
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const root = document.createElement('div');
    root.className = 'app-root';
    shadow.appendChild(root);
    setMount(root);
    return () => {
      root.remove();
      setMount(null);
    };
  }, [app]);

  const top: PageView | undefined = view.stack[view.stack.length - 1];
  const topId = top?.id;
  // Stable per page, so a component's instance is made once, not on every render.
  const instances = useMemo<ComponentInstances | undefined>(
    () =>
      topId === undefined
        ? undefined
        : {
            attach: (path, properties, onEvent) => host.attachComponent(topId, path, properties, onEvent),
            update: (componentId, properties) => host.updateComponent(componentId, properties),
            detach: (componentId) => host.detachComponent(componentId),
            data: (componentId) => host.view.components.get(componentId),
            dispatch: (componentId, handler, type, dataset, detail) => host.dispatch(topId, handler, type, dataset, detail, componentId),
          },
    [host, topId],
  );
  useLayoutEffect(() => {
    const shadow = hostElement.current?.shadowRoot;
    if (shadow && top) shadow.adoptedStyleSheets = sheetsFor(top.route);
  }, [sheetsFor, top]);

  // Cold-start marks (bench/coldstart.ts): after React has committed and the browser has painted.
  const marked = useRef({ cached: false, live: false });
  useEffect(() => {
    if (!mount || !top) return;
    const mark = (name: string): void => {
      requestAnimationFrame(() => setTimeout(() => performance.mark(name, { detail: app.id }), 0));
    };
    if (!top.live && !marked.current.cached && Object.keys(top.data).length > 0) {
      marked.current.cached = true;
      mark('gb:cached-frame');
    }
    if (top.live && !marked.current.live) {
      marked.current.live = true;
      mark('gb:first-live-render');
    }
  }, [mount, top, app]);

  let page: ReactNode = null;
  if (view.stoppedReason !== null) {
    page = (
      <div className="gb-lockout" data-testid="app-stopped">
        <p>{app.name} stopped responding and was closed</p>
      </div>
    );
  } else if (top && app.pages[top.route]) {
    const unit = app.pages[top.route] as CompiledUnit;
    const restrictions = restrictionsFor(driving, app.category);
    const pageId = top.id;
    page = lockedOut(app, top.route, driving) ? (
      <div className="gb-lockout" data-testid="lockout">
        <p>{app.name} is available when parked</p>
      </div>
    ) : (
      <div className={top.live ? 'gb-page' : 'gb-page gb-cached'} data-route={top.route} data-live={String(top.live)}>
        <TemplateView
          data={top.data}
          context={{
            unit,
            components: app.components,
            restrictions,
            dispatch: (handler, type, dataset, detail) => host.dispatch(pageId, handler, type, dataset, detail),
            navigate: (kind, url) => tryNavigate(host, kind, url),
            vehicle,
            instances,
          }}
        />
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
          {top?.title ?? app.name}
        </span>
      </nav>
      <div className="app-view" data-testid="app-view" ref={hostElement}>
        {mount ? createPortal(page, mount) : null}
      </div>
      {tabBar && view.stoppedReason === null ? (
        <nav className="tab-bar" data-testid="tab-bar">
          {tabBar.map((item) => (
            <button
              key={item.pagePath}
              type="button"
              className={top?.route === item.pagePath ? 'tab selected' : 'tab'}
              data-testid="tab"
              onClick={() => tryNavigate(host, 'switchTab', `/${item.pagePath}`)}
            >
              {item.text}
            </button>
          ))}
        </nav>
      ) : null}
      {view.dialog ? <SystemDialog dialog={view.dialog} /> : null}
      {view.toast ? <Toast toast={view.toast} /> : null}
    </section>
  );
}
