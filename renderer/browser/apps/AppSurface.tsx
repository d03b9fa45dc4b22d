/**
 * Where the app on screen is drawn: the system's navigation bar (back, the page's title, home),
 * the page itself in a shadow root of the app's own (open, so testers' scripts can read what
 * the driver sees) with the app's scoped CSS, its tab bar, and the system's dialogs and toast.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import type { NavigationKind } from '../../../miniapps/runtime/common/navigation.js';
import type { DrivingView, OpenedApp } from '../../../services/common/protocol.js';
import type { HeadUnitStore } from '../state/store.js';
import type { AppHost, HostView, PageView } from './appHost.js';
import { SystemDialog, Toast } from './SystemDialog.js';
import { TemplateView } from './TemplateView.js';

/** The host's own elements inside the shadow root (the app's CSS cannot reach the rest of the UI). */
const HOST_CSS = `.gb-lockout { display: flex; align-items: center; justify-content: center; height: 480px; font-size: 36px; background: #1f2328; color: #e6edf3; border-radius: 24px; }
.gb-more-when-parked { padding: 12px; color: #57606a; font-style: italic; }
.gb-blocked { padding: 24px; background: #1f2328; color: #e6edf3; border-radius: 12px; }
.gb-cached { pointer-events: none; }
[data-wx="input"], [data-wx="textarea"] { font: inherit; font-size: 28px; padding: 12px 16px; min-width: 520px; border-radius: 12px; border: 1px solid #8c959f; }
.gb-voice-instead { margin-left: 12px; font: inherit; padding: 6px 16px; border-radius: 16px; border: 0; background: #0b6e4f; color: white; }`;

/** Pages an app has not declared driving-optimised are covered while the car is not parked. */
function lockedOut(app: OpenedApp, route: string, driving: DrivingView | null): boolean {
  return driving?.state !== 'PARKED' && !app.drivingOptimisedPages.includes(route);
}

/** One stylesheet per page (WXSS of a page applies to that page only), made on first use. */
function pageSheets(app: OpenedApp): (route: string) => CSSStyleSheet[] {
  const base = new CSSStyleSheet();
  base.replaceSync(`${HOST_CSS}\n${app.appCss}\n${Object.values(app.components).map((component) => component.css).join('\n')}`);
  const sheets = new Map<string, CSSStyleSheet>();
  return (route) => {
    let sheet = sheets.get(route);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(app.pages[route]?.css ?? '');
      sheets.set(route, sheet);
    }
    return [base, sheet];
  };
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
  const hostElement = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = hostElement.current;
    if (!element) return undefined;
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const sheetsFor = pageSheets(app);
    const mount = document.createElement('div');
    mount.className = 'app-root';
    shadow.appendChild(mount);
    const root = createRoot(mount);
    let cachedMarked = false;
    let liveMarked = false;
    const marker = (name: string): void => {
      // After React has committed and the browser has painted the frame.
      requestAnimationFrame(() => setTimeout(() => performance.mark(name, { detail: app.id }), 0));
    };
    const draw = (): void => {
      const { stack, stoppedReason } = host.view;
      if (stoppedReason !== null) {
        root.render(
          <div className="gb-lockout" data-testid="app-stopped">
            <p>{app.name} stopped responding and was closed</p>
          </div>,
        );
        return;
      }
      const page: PageView | undefined = stack[stack.length - 1];
      const unit = page ? app.pages[page.route] : undefined;
      if (!page || !unit) return;
      shadow.adoptedStyleSheets = sheetsFor(page.route);
      const driving = store.getState().driving;
      const restrictions = driving && driving.state !== 'PARKED' ? (driving.byCategory[app.category] ?? null) : null;
      const pageId = page.id;
      root.render(
        lockedOut(app, page.route, driving) ? (
          <div className="gb-lockout" data-testid="lockout">
            <p>{app.name} is available when parked</p>
          </div>
        ) : (
          <div className={page.live ? 'gb-page' : 'gb-page gb-cached'} data-route={page.route} data-live={String(page.live)}>
            <TemplateView
              data={page.data}
              context={{
                unit,
                components: app.components,
                restrictions,
                dispatch: (handler, type, dataset, detail) => host.dispatch(pageId, handler, type, dataset, detail),
                navigate: (kind, url) => tryNavigate(host, kind, url),
              }}
            />
          </div>
        ),
      );
      if (!page.live && !cachedMarked && Object.keys(page.data).length > 0) {
        cachedMarked = true;
        marker('gb:cached-frame');
      }
      if (page.live && !liveMarked) {
        liveMarked = true;
        marker('gb:first-live-render');
      }
    };
    draw();
    const stopHost = host.subscribe(draw);
    const stopStore = store.subscribe((state, previous) => {
      if (state.driving !== previous.driving) draw();
    });
    return () => {
      stopHost();
      stopStore();
      // Unmounting inside a commit is not allowed; the shadow's root goes a task later.
      setTimeout(() => root.unmount(), 0);
      mount.remove();
    };
  }, [host, app, store]);

  const top = view.stack[view.stack.length - 1];
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
      <div className="app-view" data-testid="app-view" ref={hostElement} />
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
