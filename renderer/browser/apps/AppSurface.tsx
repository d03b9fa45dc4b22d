/**
 * Where a running app is drawn: a shadow root of its own (open, so testers' scripts can read
 * what the driver sees) holding the app's scoped CSS and a React root of its own.
 */
import { useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import type { OpenedApp } from '../../../services/common/protocol.js';
import { AppHost } from './appHost.js';
import { TemplateView } from './TemplateView.js';

export function AppSurface({ app, runtimeSource, onClose }: { readonly app: OpenedApp; readonly runtimeSource: string; readonly onClose: () => void }) {
  const hostElement = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = hostElement.current;
    if (!element) return undefined;
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    const page = app.pages[app.entryPagePath];
    sheet.replaceSync(`${app.appCss}\n${page?.css ?? ''}\n${Object.values(app.components).map((component) => component.css).join('\n')}`);
    shadow.adoptedStyleSheets = [sheet];
    const mount = document.createElement('div');
    mount.className = 'app-root';
    shadow.appendChild(mount);
    const root = createRoot(mount);
    const host = new AppHost(app, runtimeSource, element.parentElement ?? document.body);
    if (page) {
      const pageId = host.openPage(app.entryPagePath, (data) => {
        root.render(<TemplateView data={data} context={{ unit: page, components: app.components, dispatch: (handler, type, dataset) => host.dispatch(pageId, handler, type, dataset) }} />);
      });
    }
    return () => {
      host.close();
      root.unmount();
      mount.remove();
    };
  }, [app, runtimeSource]);
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
