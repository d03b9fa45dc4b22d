/**
 * Where a running app is drawn: a shadow root of its own (open, so testers' scripts can read
 * what the driver sees) holding the app's scoped CSS and a React root of its own.
 */
import { useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import type { DrivingView, OpenedApp } from '../../../services/common/protocol.js';
import type { HeadUnitStore } from '../state/store.js';
import { AppHost } from './appHost.js';
import { TemplateView } from './TemplateView.js';

/** The host's own elements inside the shadow root (the app's CSS cannot reach the rest of the UI). */
const LOCKOUT_CSS = `.gb-lockout { display: flex; align-items: center; justify-content: center; height: 480px; font-size: 36px; background: #1f2328; color: #e6edf3; border-radius: 24px; }
.gb-more-when-parked { padding: 12px; color: #57606a; font-style: italic; }
.gb-blocked { padding: 24px; background: #1f2328; color: #e6edf3; border-radius: 12px; }
[data-wx="input"], [data-wx="textarea"] { font: inherit; font-size: 28px; padding: 12px 16px; min-width: 520px; border-radius: 12px; border: 1px solid #8c959f; }
.gb-voice-instead { margin-left: 12px; font: inherit; padding: 6px 16px; border-radius: 16px; border: 0; background: #0b6e4f; color: white; }`;

/** Pages an app has not declared driving-optimised are covered while the car is not parked. */
function lockedOut(app: OpenedApp, route: string, driving: DrivingView | null): boolean {
  return driving?.state !== 'PARKED' && !app.drivingOptimisedPages.includes(route);
}

export interface AppSurfaceProps {
  readonly app: OpenedApp;
  readonly runtimeSource: string;
  readonly store: HeadUnitStore;
  readonly callApi: (appId: string, name: string, args: unknown) => Promise<{ readonly ok: boolean; readonly value: unknown }>;
  readonly onClose: () => void;
}

export function AppSurface({ app, runtimeSource, store, callApi, onClose }: AppSurfaceProps) {
  const hostElement = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = hostElement.current;
    if (!element) return undefined;
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    const page = app.pages[app.entryPagePath];
    sheet.replaceSync(`${LOCKOUT_CSS}\n${app.appCss}\n${page?.css ?? ''}\n${Object.values(app.components).map((component) => component.css).join('\n')}`);
    shadow.adoptedStyleSheets = [sheet];
    const mount = document.createElement('div');
    mount.className = 'app-root';
    shadow.appendChild(mount);
    const root = createRoot(mount);
    let stopped: string | undefined;
    const host = new AppHost(app, runtimeSource, element.parentElement ?? document.body, (name, args) => callApi(app.id, name, args), (reason) => {
      stopped = reason;
      console.warn(`${app.id} was stopped: ${reason}`);
      draw();
    });
    let latest: Readonly<Record<string, unknown>> = {};
    let pageId = 0;
    // Draws the page with its latest data under the latest restrictions from services.
    const draw = (): void => {
      if (!page) return;
      const driving = store.getState().driving;
      const restrictions = driving && driving.state !== 'PARKED' ? (driving.byCategory[app.category] ?? null) : null;
      if (stopped !== undefined) {
        root.render(
          <div className="gb-lockout" data-testid="app-stopped">
            <p>{app.name} stopped responding and was closed</p>
          </div>,
        );
        return;
      }
      const view = <TemplateView data={latest} context={{ unit: page, components: app.components, restrictions, dispatch: (handler, type, dataset, detail) => host.dispatch(pageId, handler, type, dataset, detail) }} />;
      root.render(
        lockedOut(app, app.entryPagePath, driving) ? (
          <div className="gb-lockout" data-testid="lockout">
            <p>{app.name} is available when parked</p>
          </div>
        ) : (
          view
        ),
      );
    };
    let painted = false;
    if (page) {
      pageId = host.openPage(app.entryPagePath, (data) => {
        latest = data;
        draw();
        if (!painted) {
          painted = true;
          // The first frame with live data: after React has committed and the browser has painted.
          requestAnimationFrame(() => setTimeout(() => performance.mark('gb:first-live-render', { detail: app.id }), 0));
        }
      });
    }
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.driving !== previous.driving) draw();
    });
    return () => {
      unsubscribe();
      host.close();
      root.unmount();
      mount.remove();
    };
  }, [app, runtimeSource, store, callApi]);
  return (
    <section className="app-surface" data-testid="app-surface" data-app-id={app.id}>
      <nav className="app-bar">
        <button type="button" className="home" data-testid="home" onClick={onClose}>
          Home
        </button>
        <span className="app-title">{app.name}</span>
      </nav>
      <div className="app-view" data-testid="app-view" ref={hostElement} />
    </section>
  );
}
