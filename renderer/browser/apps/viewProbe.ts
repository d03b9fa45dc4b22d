/**
 * The host's side of the calls about what a page shows (miniapps/runtime/common/host/hostApis.ts's
 * PageProbe), over the drawn page in its shadow root: selector queries measured in the app's own
 * px (a phone design is drawn zoomed, ADR 0008, and measured back unzoomed, relative to the app's
 * viewport), intersection observers, pictures' sizes, scrolling, canvas drawing and the
 * `animation` attribute. Selectors arrive already rewritten over the host's attributes
 * (selectors.ts) and canvas commands checked against the contract (canvas.ts).
 */
import type { CanvasDrawing, ObserveRequest, PageProbe, SelectorRequest } from '../../../miniapps/runtime/common/host/hostApis.js';
import type { GradientStyle } from '../../../miniapps/runtime/common/canvas.js';
import { animationSteps } from '../../../miniapps/runtime/common/host/animation.js';

/** Elements one query or observer may return or watch. */
const MAX_MATCHES = 200;

export interface ProbeOptions {
  /** The app-root element inside the shadow root. */
  readonly root: HTMLElement;
  /** The element that scrolls the page (the app's viewport). */
  readonly scroller: HTMLElement;
  /** The URL of a picture of the package, as the page names it; undefined outside it. */
  readonly asset: (src: string) => string | undefined;
  /** An element's app id and dataset (what the page drew on it). */
  readonly targetOf: (element: Element) => { readonly id: string; readonly dataset: Readonly<Record<string, unknown>> } | undefined;
}

let nextRef = 1;

/** The zoom a phone design is drawn at (1 for a car design). */
function zoomOf(root: HTMLElement): number {
  const zoom = Number.parseFloat(getComputedStyle(root).zoom);
  return Number.isFinite(zoom) && zoom > 0 ? zoom : 1;
}

export function createViewProbe(options: ProbeOptions): PageProbe {
  const { root, scroller, asset, targetOf } = options;
  const pictures = new Map<string, Promise<HTMLImageElement>>();

  /** Where the app's viewport starts on screen, and its zoom. */
  const frame = () => {
    const box = scroller.getBoundingClientRect();
    const style = getComputedStyle(scroller);
    return { left: box.left + scroller.clientLeft + Number.parseFloat(style.paddingLeft), top: box.top + scroller.clientTop + Number.parseFloat(style.paddingTop), zoom: zoomOf(root) };
  };

  const scopeOf = (componentId: number | undefined): Element | null => (componentId === undefined ? root : root.querySelector(`[data-gb-component="${componentId}"]`));

  const rectOf = (element: Element, at = frame()) => {
    const box = element.getBoundingClientRect();
    const scale = (value: number) => Math.round(((value * 100) / at.zoom)) / 100;
    return { left: scale(box.left - at.left), top: scale(box.top - at.top), right: scale(box.right - at.left), bottom: scale(box.bottom - at.top), width: scale(box.width), height: scale(box.height) };
  };

  function picture(src: string): Promise<HTMLImageElement> {
    const url = asset(src);
    if (url === undefined) return Promise.reject(new Error(`${src} is not a picture in the app's package`));
    let loading = pictures.get(url);
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const image = new Image();
        image.onload = () => resolve(image);
        image.onerror = () => reject(new Error(`${src} did not load`));
        image.src = url;
      });
      pictures.set(url, loading);
    }
    return loading;
  }

  function describe(element: Element, request: SelectorRequest, at: ReturnType<typeof frame>): Record<string, unknown> {
    const { fields } = request;
    const result: Record<string, unknown> = {};
    const target = targetOf(element);
    if (fields.id) result['id'] = target?.id ?? '';
    if (fields.dataset) result['dataset'] = { ...(target?.dataset ?? {}) };
    if (fields.rect || fields.size) {
      const rect = request.viewport ? { left: 0, top: 0, right: scroller.clientWidth / at.zoom, bottom: scroller.clientHeight / at.zoom, width: scroller.clientWidth / at.zoom, height: scroller.clientHeight / at.zoom } : rectOf(element, at);
      if (fields.rect) Object.assign(result, { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom });
      if (fields.size) Object.assign(result, { width: rect.width, height: rect.height });
    }
    if (fields.scrollOffset) {
      const scrolling = request.viewport ? scroller : element;
      Object.assign(result, { scrollLeft: scrolling.scrollLeft / at.zoom, scrollTop: scrolling.scrollTop / at.zoom, scrollWidth: scrolling.scrollWidth / at.zoom, scrollHeight: scrolling.scrollHeight / at.zoom });
    }
    if (fields.computedStyle && fields.computedStyle.length > 0) {
      const style = getComputedStyle(element);
      for (const name of fields.computedStyle) result[name] = style.getPropertyValue(name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));
    }
    if ((fields.node || fields.context) && element instanceof HTMLCanvasElement) {
      element.dataset['gbRef'] ??= String(nextRef++);
      result['canvas'] = fields.node && element.dataset['type'] === '2d' ? { ref: Number(element.dataset['gbRef']), width: element.width, height: element.height } : { canvasId: element.dataset['canvasId'] ?? '' };
    }
    return result;
  }

  function canvasFor(drawing: CanvasDrawing): HTMLCanvasElement | undefined {
    const scope = scopeOf(drawing.componentId) ?? root;
    const canvases = [...scope.querySelectorAll('canvas')];
    return drawing.ref !== undefined ? canvases.find((canvas) => canvas.dataset['gbRef'] === String(drawing.ref)) : canvases.find((canvas) => canvas.dataset['canvasId'] === drawing.canvasId);
  }

  function paint(context: CanvasRenderingContext2D, value: string | GradientStyle): string | CanvasGradient {
    if (typeof value === 'string') return value;
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = value.args;
    const gradient = value.gradient === 'linear' ? context.createLinearGradient(a, b, c, d) : context.createRadialGradient(a, b, Math.max(c, 0), d, e, Math.max(f, 0));
    for (const [offset, colour] of value.stops) {
      try {
        gradient.addColorStop(offset, colour);
      } catch {
        // A colour the browser cannot read is left out, as a phone's canvas does.
      }
    }
    return gradient;
  }

  return {
    query(componentId, requests) {
      const scope = scopeOf(componentId);
      const at = frame();
      return requests.map((request) => {
        if (request.viewport) return describe(scroller, request, at);
        if (!scope) return request.all ? [] : null;
        if (request.all) return [...scope.querySelectorAll(request.selector)].slice(0, MAX_MATCHES).map((element) => describe(element, request, at));
        const element = scope.querySelector(request.selector);
        return element ? describe(element, request, at) : null;
      });
    },

    observe(request: ObserveRequest, deliver) {
      const scope = scopeOf(request.componentId);
      if (!scope) return () => undefined;
      const relative = request.relativeTo.selector === '' ? scroller : scope.querySelector(request.relativeTo.selector);
      const zoom = zoomOf(root);
      const { top, right, bottom, left } = request.relativeTo.margins;
      const seen = new WeakMap<Element, number>();
      const observer = new IntersectionObserver(
        (entries) => {
          const at = frame();
          for (const entry of entries) {
            const ratio = Math.round(entry.intersectionRatio * 1000) / 1000;
            const before = seen.get(entry.target) ?? request.initialRatio;
            seen.set(entry.target, ratio);
            // As WeChat: the first report only when the ratio is not the initial one.
            if (ratio === before) continue;
            const target = targetOf(entry.target);
            const box = (rect: DOMRectReadOnly) => ({ left: (rect.left - at.left) / at.zoom, top: (rect.top - at.top) / at.zoom, right: (rect.right - at.left) / at.zoom, bottom: (rect.bottom - at.top) / at.zoom, width: rect.width / at.zoom, height: rect.height / at.zoom });
            deliver({
              id: target?.id ?? '',
              dataset: { ...(target?.dataset ?? {}) },
              intersectionRatio: ratio,
              intersectionRect: box(entry.intersectionRect),
              boundingClientRect: box(entry.boundingClientRect),
              relativeRect: entry.rootBounds ? box(entry.rootBounds) : box(scroller.getBoundingClientRect()),
              time: Math.round(entry.time),
            });
          }
        },
        { root: relative ?? scroller, rootMargin: `${top * zoom}px ${right * zoom}px ${bottom * zoom}px ${left * zoom}px`, threshold: request.thresholds.length > 0 ? [...request.thresholds] : [0] },
      );
      const targets = request.all ? [...scope.querySelectorAll(request.selector)].slice(0, MAX_MATCHES) : [scope.querySelector(request.selector)].filter((element): element is Element => element !== null);
      for (const target of targets) observer.observe(target);
      return () => observer.disconnect();
    },

    async imageInfo(src) {
      const image = await picture(src);
      return { width: image.naturalWidth, height: image.naturalHeight, path: src };
    },

    scrollTo({ scrollTop, selector, durationMs }) {
      const zoom = zoomOf(root);
      let top = scrollTop === undefined ? undefined : scrollTop * zoom;
      if (selector !== undefined) {
        const element = root.querySelector(selector);
        if (!element) return false;
        top = element.getBoundingClientRect().top - frame().top + scroller.scrollTop;
      }
      scroller.scrollTo({ top: Math.max(0, top ?? 0), behavior: durationMs > 0 ? 'smooth' : 'instant' });
      return true;
    },

    async draw(drawing) {
      const canvas = canvasFor(drawing);
      if (!canvas) throw new Error(`no <canvas ${drawing.ref !== undefined ? 'type="2d"' : `canvas-id="${drawing.canvasId ?? ''}"`}> on the page`);
      const loaded = new Map<string, HTMLImageElement>();
      const failed: string[] = [];
      await Promise.all(drawing.images.map((src) => picture(src).then((image) => void loaded.set(src, image), (error: unknown) => void failed.push(error instanceof Error ? error.message : String(error)))));
      const context = canvas.getContext('2d');
      if (!context) throw new Error('the canvas could not be drawn');
      if (drawing.ref === undefined) {
        // A legacy canvas is drawn in its CSS size's px, sharp at the zoom and the screen's ratio.
        const ratio = zoomOf(root) * (window.devicePixelRatio || 1);
        const box = canvas.getBoundingClientRect();
        const width = Math.min(4096, Math.round(box.width * (window.devicePixelRatio || 1)));
        const height = Math.min(4096, Math.round(box.height * (window.devicePixelRatio || 1)));
        if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
        if (!drawing.reserve) context.clearRect(0, 0, canvas.width, canvas.height);
        context.save();
        context.setTransform(ratio, 0, 0, ratio, 0, 0);
      } else {
        if (drawing.size && (canvas.width !== drawing.size.width || canvas.height !== drawing.size.height)) Object.assign(canvas, drawing.size);
        if (!drawing.reserve) context.clearRect(0, 0, canvas.width, canvas.height);
        context.save();
      }
      let fault: string | undefined;
      const target = context as unknown as Record<string, unknown>;
      for (const [name, ...args] of drawing.commands) {
        try {
          if (name.startsWith('=')) {
            const property = name.slice(1);
            target[property] = property === 'fillStyle' || property === 'strokeStyle' ? paint(context, args[0] as string | GradientStyle) : args[0];
          } else if (name === 'drawImage') {
            const image = loaded.get(args[0] as string);
            if (image) (context.drawImage as (...values: unknown[]) => void)(image, ...args.slice(1));
          } else {
            (target[name] as (...values: unknown[]) => void).apply(context, args);
          }
        } catch (error) {
          fault ??= `${name}: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      context.restore();
      if (failed.length > 0 || fault) throw new Error([...failed, ...(fault ? [fault] : [])].join('; '));
    },
  };
}

/** Animations already played on an element (its attribute's value), so a re-render does not replay one. */
const PLAYED = new WeakMap<Element, string>();

/**
 * Plays an element's `animation` attribute: each step from where the last left off, held at its
 * end. While driving, nothing moves: each step lands at once.
 */
export function playAnimation(element: Element, value: unknown, still: boolean, problem: (message: string) => void): void {
  const key = JSON.stringify(value ?? null);
  if (PLAYED.get(element) === key) return;
  PLAYED.set(element, key);
  const { steps, problems } = animationSteps(value);
  for (const message of problems.slice(0, 3)) problem(message);
  let start = 0;
  for (const step of steps) {
    if (Object.keys(step.style).length === 0) {
      start += step.delayMs + step.durationMs;
      continue;
    }
    const delay = still ? 0 : start + step.delayMs;
    const duration = still ? 0 : step.durationMs;
    element.animate([{ ...step.style, transformOrigin: step.transformOrigin }], { duration, delay, easing: step.easing, fill: 'forwards' });
    start += step.delayMs + step.durationMs;
  }
}
