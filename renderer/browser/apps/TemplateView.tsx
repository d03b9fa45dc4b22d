/**
 * The host's drawing of a mini-app view: the compiled IR plus the page's data, as React
 * elements of host components. App code never runs here; the IR is data, but the data and the
 * IR's shape are the app's: every drawing counts against a budget (elements, template depth)
 * and, while driving, against the screen rules on what is actually drawn (each text's length,
 * the items of every list together, nested or not). Over budget, drawing stops with an
 * AppRenderError, which the app surface's error boundary turns into the app being stopped.
 */
import type { ReactNode } from 'react';
import { memo, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { CompiledUnit } from '../../../miniapps/runtime/common/format/app.js';
import type { Scope } from '../../../miniapps/runtime/common/template/expression.js';
import { evaluate } from '../../../miniapps/runtime/common/template/expression.js';
import type { CompiledTemplate, TemplateNode, Value } from '../../../miniapps/runtime/common/template/ir.js';
import type { NavigationKind } from '../../../miniapps/runtime/common/pageStack.js';
import { inlineStyle } from '../../../miniapps/runtime/common/host/inlineStyle.js';
import { mediaSource } from '../../../miniapps/runtime/common/host/mediaSource.js';
import type { ScreenRules } from '../../../safety/common/screenRules.js';
import { cutText } from '../../../safety/common/screenRules.js';
import { HOST_COMPONENTS } from './hostComponents.js';
import { MapView } from './MapView.js';
import { RichText } from './RichText.js';
import { loopCount, loopItems, textOf, valueOf } from '../../../miniapps/runtime/common/template/values.js';
import { WxsBudgetError } from '../../../miniapps/runtime/common/wxs/interpret.js';
import { WxsBudget, WxsHost } from '../../../miniapps/runtime/common/wxs/host.js';
import { playAnimation } from './viewProbe.js';

/** Host elements for the mini-program components drawn so far; the rest are boxes. */
const HOST_TAGS: Readonly<Record<string, string>> = { view: 'div', text: 'span', button: 'button', image: 'img', block: 'div', navigator: 'a', video: 'video', canvas: 'canvas' };

/** Elements one drawing of a page may make, components included; past it the app is stopped. */
export const MAX_ELEMENTS_DRAWN = 3000;
/** Templates and components inside each other, deepest. */
export const MAX_TEMPLATE_DEPTH = 48;

/** The app's view cannot be drawn within the host's budget. */
export class AppRenderError extends Error {
  override readonly name = 'AppRenderError';
}

/** One drawing's tally, shared by the page and the components drawn in it. */
export class DrawBudget {
  private elements = 0;
  private items = 0;

  constructor(readonly rules: ScreenRules | null) {}

  element(): void {
    this.elements += 1;
    if (this.elements > MAX_ELEMENTS_DRAWN) throw new AppRenderError(`its page draws more than ${MAX_ELEMENTS_DRAWN} elements`);
  }

  /**
   * A list about to draw `count` elements (one per item at least): refused before any is made
   * when they cannot fit, so a 40,000-row list costs a comparison, not 3,000 elements and a throw.
   */
  expectElements(count: number): void {
    if (this.elements + count > MAX_ELEMENTS_DRAWN) throw new AppRenderError(`its page draws more than ${MAX_ELEMENTS_DRAWN} elements (a list of ${count})`);
  }

  /** How many of a list's `count` items may be drawn: the list's own limit and what is left of the screen's. */
  listItems(count: number): number {
    const own = this.rules?.maxListItems ?? null;
    const all = this.rules?.maxCumulativeItems ?? null;
    let shown = own === null ? count : Math.min(count, own);
    if (all !== null) shown = Math.max(0, Math.min(shown, all - this.items));
    this.items += shown;
    return shown;
  }
}

/** A tapped element as the app's event sees it: its id and dataset. */
export interface EventTarget {
  readonly id: string;
  readonly dataset: Readonly<Record<string, unknown>>;
}

export interface ComponentInstances {
  /** An id for an instance about to be drawn. */
  allocate(): number;
  /** `place`: the tag's id and classes, for the logic's selectComponent; `parentId`: the component it is drawn inside. */
  attach(componentId: number, path: string, properties: Readonly<Record<string, unknown>>, onEvent: (name: string, detail: unknown) => void, place: { readonly id: string; readonly classes: readonly string[] }, parentId: number | undefined): void;
  /** Tells `listener` of every change of the app's view (an instance's own setData redraws only it). */
  subscribe(listener: () => void): () => void;
  /** How the instance is drawn, once its logic said (external classes, virtual host). */
  info(componentId: number): { readonly externalClasses: readonly string[]; readonly virtualHost: boolean } | undefined;
  update(componentId: number, properties: Readonly<Record<string, unknown>>): void;
  detach(componentId: number): void;
  data(componentId: number): Readonly<Record<string, unknown>> | undefined;
  dispatch(componentId: number, handler: string, type: string, target: EventTarget, detail?: unknown, tapped?: EventTarget): void;
}

/**
 * A custom component with logic: its instance is made when first drawn and goes when it is no
 * longer drawn; its template is drawn with its own data; its triggerEvent reaches the page's
 * handler bound on its tag.
 */
function ComponentInstanceView(props: {
  readonly path: string;
  readonly unit: CompiledUnit;
  readonly tag: string;
  readonly className: string | undefined;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly onEvent: (name: string, detail: unknown) => void;
  readonly context: ViewContext;
  readonly instances: ComponentInstances;
  readonly slots: Readonly<Record<string, ReactNode>>;
}) {
  const { path, unit, tag, className, properties, context, instances, slots } = props;
  const onEvent = useRef(props.onEvent);
  onEvent.current = props.onEvent;
  const initial = useRef(properties);
  // Where the tag is (id, classes) is read once, as the instance is made.
  const initialClass = useRef(className);
  // The id is the box's from its first drawing, so a component drawn inside finds its parent's.
  const [componentId] = useState(() => instances.allocate());
  const [attached, setAttached] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  // The instance lives as long as this element; property changes go through update below.
  useEffect(() => {
    const parent = box.current?.parentElement?.closest('[data-gb-component]')?.getAttribute('data-gb-component');
    instances.attach(componentId, path, initial.current, (name, detail) => onEvent.current(name, detail), {
      id: typeof initial.current['id'] === 'string' ? initial.current['id'] : '',
      classes: (initialClass.current ?? '').split(/\s+/).filter((name) => name !== ''),
    }, parent ? Number(parent) : undefined);
    setAttached(true);
    return () => instances.detach(componentId);
  }, [instances, path, componentId]);
  const serialised = JSON.stringify(properties);
  useEffect(() => {
    if (attached) instances.update(componentId, JSON.parse(serialised) as Record<string, unknown>);
  }, [attached, componentId, serialised, instances]);
  // The instance's own data and drawing options: a change to them redraws this component, not the page.
  const own = useSyncExternalStore(instances.subscribe, () => (attached ? instances.data(componentId) : undefined));
  const info = useSyncExternalStore(instances.subscribe, () => (attached ? instances.info(componentId) : undefined));
  const data = own ?? properties;
  const scope = useTemplateScope(unit.template, data, context.wxsBudget, context.warn);
  // External classes: the class names the page gave on the tag, in place of the component's own names for them.
  const classMap = info && info.externalClasses.length > 0 ? Object.fromEntries(info.externalClasses.map((name) => [name, textOf(properties[name])])) : undefined;
  const inner: ViewContext = {
    ...context,
    unit,
    slots,
    componentId,
    depth: context.depth + 1,
    ...(classMap ? { classMap } : { classMap: undefined }),
    dispatch: (handler, type, target, detail, tapped) => {
      if (attached) instances.dispatch(componentId, handler, type, target, detail, tapped);
    },
  };
  if (inner.depth > MAX_TEMPLATE_DEPTH) throw new AppRenderError(`its components are nested more than ${MAX_TEMPLATE_DEPTH} deep (a component that uses itself?)`);
  return (
    <div ref={box} data-wx={tag} className={className} data-component={path} data-gb-component={componentId} style={info?.virtualHost ? { display: 'contents' } : undefined}>
      {renderNodes(unit.template.nodes, scope, unit.template, inner, 'c')}
    </div>
  );
}

/** An element's class attribute, with a component's external class names replaced by what the page gave. */
function classOf(attributes: Readonly<Record<string, unknown>>, context: ViewContext): string {
  const written = textOf(attributes['class']);
  const map = context.classMap;
  if (!map || written === '') return written;
  return written
    .split(/\s+/)
    .map((name) => (Object.hasOwn(map, name) ? (map[name] as string) : name))
    .filter((name) => name !== '')
    .join(' ');
}

/** A component tag's children by the slot they go to ('' for the default slot). */
function slotsOf(children: readonly TemplateNode[], scope: Scope, template: CompiledTemplate, context: ViewContext, key: string): Record<string, ReactNode> {
  const groups = new Map<string, TemplateNode[]>();
  const nameOf = (node: TemplateNode): string => {
    if (node.k === 'el') return node.attrs['slot'] === undefined ? '' : textOf(valueOf(node.attrs['slot'], scope));
    if (node.k === 'if') return node.branches[0] ? nameOf(node.branches[0].node) : '';
    if (node.k === 'for') return nameOf(node.node);
    return '';
  };
  for (const child of children) {
    const name = nameOf(child);
    groups.set(name, [...(groups.get(name) ?? []), child]);
  }
  return Object.fromEntries([...groups].map(([name, nodes]) => [name, renderNodes(nodes, scope, template, context, `${key}#${name}`)]));
}

/** The id and dataset of each drawn element that has one (for an event's target). */
const TAPPED = new WeakMap<Element, EventTarget>();

/** What the page drew on an element: its app id and dataset (for queries and observers). */
export function appTargetOf(element: Element): EventTarget | undefined {
  return TAPPED.get(element);
}

/** The innermost app element under a tap: its id and dataset, as WeChat's event.target. */
function tappedTarget(event: { target: EventTarget | unknown; currentTarget: Element }): EventTarget {
  let element = event.target instanceof Element ? event.target : null;
  while (element && element !== event.currentTarget && !element.hasAttribute('data-wx')) element = element.parentElement;
  return (element && TAPPED.get(element)) ?? { id: '', dataset: {} };
}

/** WeChat's tap detail: where, in the page's coordinates. */
function tapDetail(event: { clientX: number; clientY: number; currentTarget: Element }): { x: number; y: number } {
  const page = event.currentTarget.closest('.app-root') ?? event.currentTarget;
  const box = page.getBoundingClientRect();
  return { x: Math.round(event.clientX - box.left), y: Math.round(event.clientY - box.top) };
}

/** `<navigator open-type>` → the navigation it performs. */
const NAVIGATOR_KINDS: Readonly<Record<string, NavigationKind>> = { navigate: 'navigateTo', redirect: 'redirectTo', switchTab: 'switchTab', reLaunch: 'reLaunch', navigateBack: 'navigateBack' };

export interface ViewContext {
  readonly unit: CompiledUnit;
  /** The screen rules in force for this app, from services; null when parked. */
  readonly restrictions: ScreenRules | null;
  /** This drawing's tally (made by TemplateView, shared with the components drawn in it). */
  readonly budget: DrawBudget;
  /** Templates and components this drawing is inside. */
  readonly depth: number;
  readonly components: Readonly<Record<string, CompiledUnit>>;
  /** `tapped`: the element the event happened on (target), when not the bound one (currentTarget). */
  readonly dispatch: (handler: string, type: string, target: EventTarget, detail?: unknown, tapped?: EventTarget) => void;
  /** A `<navigator>` was tapped. */
  readonly navigate: (kind: NavigationKind, url: string | undefined) => void;
  /** The driver touched the microphone drawn in place of a field while driving. */
  readonly listen: () => void;
  /** A text field was touched: the kiosk's on-screen keyboard types into it (absent: a real keyboard). */
  readonly keyboard?: ((field: HTMLInputElement | HTMLTextAreaElement) => void) | undefined;
  /** Component instances in the app's logic (absent: components are drawn from their properties only). */
  readonly instances?: ComponentInstances;
  /** Set inside a component's template: events there go to the instance. */
  readonly componentId?: number;
  /** The vehicle's position, for a map's `show-location`. */
  readonly vehicle: { readonly latitude: number; readonly longitude: number } | null;
  /** A component's slots: what the page put in its tag, by slot name ('' the default). */
  readonly slots?: Readonly<Record<string, ReactNode>>;
  /** Inside a component: its external class names → the classes the page gave. */
  readonly classMap?: Readonly<Record<string, string>> | undefined;
  /** The page broke a budget while being drawn: stop the app with this reason. */
  readonly stop: (reason: string) => void;
  /** The URL of a picture in the app's package, as this page names it; undefined outside the package. */
  readonly asset: (src: string) => string | undefined;
  /** The page's WXS step budget, shared by its components' modules (ADR 0009). */
  readonly wxsBudget: WxsBudget;
  /** Something of the app's view was left out or failed (to the developer, with the file). */
  readonly warn: (message: string) => void;
}

/** The root scope of a drawn template: its data, then its WXS modules' exports (module state lives as long as the drawing). */
function useTemplateScope(template: CompiledTemplate, data: Readonly<Record<string, unknown>>, budget: WxsBudget, warn: (message: string) => void): Scope {
  const report = useRef(warn);
  report.current = warn;
  const host = useMemo(
    () => (template.wxs && template.modules ? new WxsHost(template.modules, budget, (message) => report.current(`WXS in ${template.file}: ${message}`)) : null),
    [template, budget],
  );
  const modules = useMemo(() => (host && template.wxs ? host.scope(template.wxs) : null), [host, template]);
  return modules ? [data, modules] : [data];
}

function renderNodes(nodes: readonly TemplateNode[], scope: Scope, template: CompiledTemplate, context: ViewContext, key: string): ReactNode[] {
  return nodes.map((node, index) => renderNode(node, scope, template, context, `${key}.${index}`));
}

function renderNode(node: TemplateNode, scope: Scope, template: CompiledTemplate, context: ViewContext, key: string): ReactNode {
  context.budget.element();
  switch (node.k) {
    case 'text':
      return cutText(context.restrictions, textOf(valueOf(node.v, scope)));
    case 'block':
      return renderNodes(node.children, scope, template, context, key);
    case 'if': {
      const branch = node.branches.find((candidate) => candidate.when === null || Boolean(valueOf(candidate.when, scope)));
      return branch ? renderNode(branch.node, scope, template, context, key) : null;
    }
    case 'for': {
      // Counted before anything is built: a list that cannot fit costs a comparison.
      const value = valueOf(node.items, scope);
      const count = loopCount(value);
      const showing = context.budget.listItems(count);
      if (node.node.k === 'el') context.budget.expectElements(showing);
      const rendered = loopItems(value, showing).map(([index, item]) => renderNode(node.node, [{ [node.item]: item, [node.index]: index }, ...scope], template, context, `${key}[${index}]`));
      if (showing < count) {
        rendered.push(
          <div key={`${key}/more`} className="gb-more-when-parked" data-testid="more-when-parked">
            {count - showing} more when parked
          </div>,
        );
      }
      return rendered;
    }
    case 'tpl': {
      const body = template.templates[textOf(valueOf(node.is, scope))];
      const data = node.data ? evaluate(node.data, scope) : {};
      if (context.depth >= MAX_TEMPLATE_DEPTH) throw new AppRenderError(`its templates are nested more than ${MAX_TEMPLATE_DEPTH} deep in ${template.file} (a template that uses itself?)`);
      return body ? renderNodes(body, [(data ?? {}) as Record<string, unknown>], template, { ...context, depth: context.depth + 1 }, key) : null;
    }
    case 'slot':
      return context.slots?.[node.name === null ? '' : textOf(valueOf(node.name, scope))] ?? null;
    case 'el': {
      const attributes: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(node.attrs)) attributes[name] = valueOf(value, scope);
      const dataset = Object.fromEntries(Object.entries(node.dataset).map(([name, value]) => [name, valueOf(value, scope)]));
      const target: EventTarget = { id: textOf(attributes['id']), dataset };
      const tap = node.events.find((event) => event.type === 'tap');
      const componentPath = context.unit.usingComponents[node.tag];
      const component = componentPath ? context.components[componentPath] : undefined;
      // A broken component (degraded at install) draws nothing of its own; what the page put in it still shows.
      const usable = component && component.broken === undefined ? component : undefined;
      const children = usable ? [] : renderNodes(node.children, scope, template, context, key);
      if (usable && componentPath && usable.script !== '' && context.instances) {
        const bindings = node.events;
        return (
          <ComponentInstanceView
            key={key}
            path={componentPath}
            unit={usable}
            tag={node.tag}
            className={classOf(attributes, context) || undefined}
            properties={attributes}
            context={context}
            instances={context.instances}
            slots={slotsOf(node.children, scope, template, context, key)}
            onEvent={(name, detail) => {
              const binding = bindings.find((event) => event.type === name);
              if (binding) context.dispatch(textOf(valueOf(binding.handler, scope)), name, target, detail);
            }}
          />
        );
      }
      if (usable) {
        // A component without a script is drawn from its template with its attributes as data.
        return (
          <div key={key} data-wx={node.tag} className={classOf(attributes, context)}>
            {renderNodes(usable.template.nodes, [attributes], usable.template, nestedIn(context, { unit: usable, slots: slotsOf(node.children, scope, template, context, key) }), `${key}/c`)}
          </div>
        );
      }
      const rules = context.restrictions;
      const className = classOf(attributes, context) || undefined;
      const fire = (type: string, detail: unknown): void => {
        // Alipay spells event names in camelCase (onMarkerTap → markerTap), WeChat in lower case.
        const binding = node.events.find((event) => event.type.toLowerCase() === type.toLowerCase());
        if (binding) context.dispatch(textOf(valueOf(binding.handler, scope)), type, target, detail);
      };
      const Host = HOST_COMPONENTS[node.tag];
      if (Host) {
        return (
          <Host key={key} tag={node.tag} attributes={attributes} className={className} fire={fire} restrictions={context.restrictions}>
            {children}
          </Host>
        );
      }
      if (node.tag === 'rich-text') {
        const limit = rules?.maxTextLength ?? null;
        return <RichText key={key} nodes={attributes['nodes']} className={className} maxCharacters={limit} />;
      }
      if (node.tag === 'map') return <MapView key={key} attributes={attributes} className={className} vehicle={context.vehicle} fire={fire} />;
      // Pictures the app has not marked as needed for driving (car-driving) wait until parked.
      if (node.tag === 'image' && rules !== null && !rules.nonDrivingImages && !(attributes['car-driving'] === true || attributes['car-driving'] === 'true')) {
        return (
          <span key={key} data-wx="image" className="gb-image-hidden" data-testid="image-hidden">
            Picture shown when parked
          </span>
        );
      }
      if (node.tag === 'input' || node.tag === 'textarea') {
        const inputEvent = node.events.find((event) => event.type === 'input');
        const noKeyboard = rules !== null && !rules.keyboard;
        const fieldProps = {
          'data-wx': node.tag,
          className: classOf(attributes, context) || undefined,
          value: textOf(attributes['value']),
          placeholder: noKeyboard ? 'Use voice while driving' : textOf(attributes['placeholder']),
          disabled: noKeyboard || Boolean(attributes['disabled']),
          onFocus: (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => context.keyboard?.(event.currentTarget),
          onChange: (event: { target: { value: string } }) => {
            if (inputEvent) context.dispatch(textOf(valueOf(inputEvent.handler, scope)), 'input', target, { value: event.target.value });
          },
        };
        return (
          <span key={key} className="gb-field">
            {node.tag === 'input' ? <input {...fieldProps} /> : <textarea {...fieldProps} />}
            {noKeyboard ? (
              <button type="button" className="gb-voice-instead" data-testid="voice-instead" onClick={() => context.listen()}>
                Say it
              </button>
            ) : null}
          </span>
        );
      }
      if (node.tag === 'navigator') {
        const kind = NAVIGATOR_KINDS[textOf(attributes['open-type']) || 'navigate'] ?? 'navigateTo';
        const url = typeof attributes['url'] === 'string' ? attributes['url'] : undefined;
        return (
          <a key={key} data-wx="navigator" role="link" className={classOf(attributes, context) || undefined} onClick={() => context.navigate(kind, url)}>
            {children}
          </a>
        );
      }
      if (node.tag === 'video' && rules !== null && !rules.video) {
        return (
          <div key={key} className="gb-blocked" data-testid="video-blocked">
            Video is available when parked
          </div>
        );
      }
      const Tag = (HOST_TAGS[node.tag] ?? 'div') as 'div';
      const props: Record<string, unknown> = { key, 'data-wx': node.tag, className: classOf(attributes, context) || undefined };
      // Queries and observers find an element by its app id (selectors.ts writes `#id` so).
      if (target.id !== '') props['data-wx-id'] = target.id;
      if (node.tag === 'canvas') {
        props['data-canvas-id'] = textOf(attributes['canvas-id'] ?? attributes['id']);
        props['data-type'] = attributes['type'] === '2d' ? '2d' : 'legacy';
      }
      // Where a tap lands, the event names the element tapped (target) as well as the one bound (currentTarget).
      const marked = target.id !== '' || Object.keys(target.dataset).length > 0;
      // An `animation` attribute (wx.createAnimation().export()) is played by the host; still while driving.
      const animation = attributes['animation'];
      const animated = animation !== undefined && animation !== null && typeof animation === 'object';
      if (marked || animated) {
        props['ref'] = (element: Element | null) => {
          if (!element) return;
          if (marked) TAPPED.set(element, target);
          if (animated) playAnimation(element, animation, rules !== null, context.warn);
        };
      }
      // The app's inline style, read as the host allows (miniapps/runtime/common/host/inlineStyle.ts).
      if (attributes['style'] !== undefined && attributes['style'] !== true) {
        const { style } = inlineStyle(textOf(attributes['style']));
        if (Object.keys(style).length > 0) props['style'] = style;
      }
      if (attributes['hidden']) props['hidden'] = true;
      if (attributes['disabled']) props['disabled'] = true;
      if (node.tag === 'image' || node.tag === 'video') {
        // The app's src is judged before it becomes an attribute: no javascript:, blob: or non-image data:.
        const source = attributes['src'] === undefined ? null : mediaSource(node.tag, attributes['src']);
        const src = source?.ok ? (source.inPackage ? context.asset(source.src) : source.src) : undefined;
        if (src !== undefined) props['src'] = src;
        else if (source) props['data-refused-src'] = source.ok ? `${source.src} is outside the app's package` : source.reason;
      }
      // A button submits or resets its form only when it says so; otherwise it is just a button.
      if (node.tag === 'button') props['type'] = attributes['form-type'] === 'submit' ? 'submit' : attributes['form-type'] === 'reset' ? 'reset' : 'button';
      if (tap) {
        const handler = textOf(valueOf(tap.handler, scope));
        props['onClick'] = (event: MouseEvent & { currentTarget: Element }) => {
          if (tap.catch) event.stopPropagation();
          context.dispatch(handler, 'tap', target, tapDetail(event), tappedTarget(event));
        };
      }
      Object.assign(props, touchHandlers(node.events, scope, context, target));
      return node.tag === 'image' ? <img {...(props as object)} alt="" /> : <Tag {...(props as object)}>{children}</Tag>;
    }
  }
}

/** A press held this long without moving is a longpress (WeChat: 350 ms). */
const LONGPRESS_MS = 350;
/** Pointer travel (px) that makes a press a move rather than a longpress. */
const PRESS_SLOP = 10;

/**
 * WeChat's touch events from the host's pointer events: touchstart, touchmove (at most one per
 * frame an element, only while pressed), touchend, touchcancel, and longpress/longtap after a
 * still press. Each carries where it is, as one touch, like a tap.
 */
function touchHandlers(events: readonly { readonly type: string; readonly handler: Value; readonly catch: boolean }[], scope: Scope, context: ViewContext, target: EventTarget): Record<string, unknown> {
  const bound = (type: string) => events.find((event) => event.type === type);
  const types = ['touchstart', 'touchmove', 'touchend', 'touchcancel', 'longpress', 'longtap'];
  if (!types.some((type) => bound(type))) return {};
  const fire = (type: string, event: PointerEvent & { currentTarget: Element }): void => {
    const binding = bound(type);
    if (!binding) return;
    if (binding.catch) event.stopPropagation();
    context.dispatch(textOf(valueOf(binding.handler, scope)), type, target, tapDetail(event), tappedTarget(event));
  };
  // Per element, not per drawing: a press outlives the re-renders it causes.
  const pressOf = (element: Element): Press => {
    let press = PRESSES.get(element);
    if (!press) {
      press = { timer: 0, x: 0, y: 0, down: false, frame: 0 };
      PRESSES.set(element, press);
    }
    return press;
  };
  const copy = (event: PointerEvent & { currentTarget: Element }) =>
    ({ clientX: event.clientX, clientY: event.clientY, currentTarget: event.currentTarget, target: event.target, stopPropagation: () => undefined }) as unknown as PointerEvent & { currentTarget: Element };
  return {
    onPointerDown: (event: PointerEvent & { currentTarget: Element }) => {
      const press = pressOf(event.currentTarget);
      Object.assign(press, { down: true, x: event.clientX, y: event.clientY });
      fire('touchstart', event);
      window.clearTimeout(press.timer);
      const held = copy(event);
      if (bound('longpress') || bound('longtap')) press.timer = window.setTimeout(() => fire(bound('longpress') ? 'longpress' : 'longtap', held), LONGPRESS_MS);
    },
    onPointerMove: (event: PointerEvent & { currentTarget: Element }) => {
      const press = pressOf(event.currentTarget);
      if (!press.down) return;
      if (Math.hypot(event.clientX - press.x, event.clientY - press.y) > PRESS_SLOP) window.clearTimeout(press.timer);
      if (press.frame !== 0 || !bound('touchmove')) return;
      const moved = copy(event);
      press.frame = requestAnimationFrame(() => {
        press.frame = 0;
        fire('touchmove', moved);
      });
    },
    onPointerUp: (event: PointerEvent & { currentTarget: Element }) => {
      const press = pressOf(event.currentTarget);
      press.down = false;
      window.clearTimeout(press.timer);
      fire('touchend', event);
    },
    onPointerCancel: (event: PointerEvent & { currentTarget: Element }) => {
      const press = pressOf(event.currentTarget);
      press.down = false;
      window.clearTimeout(press.timer);
      fire('touchcancel', event);
    },
  };
}

interface Press {
  timer: number;
  x: number;
  y: number;
  down: boolean;
  frame: number;
}

const PRESSES = new WeakMap<Element, Press>();

/** A template drawn inside another (a component without logic): one level deeper. */
function nestedIn(context: ViewContext, change: Pick<ViewContext, 'unit' | 'slots'>): ViewContext {
  if (context.depth + 1 > MAX_TEMPLATE_DEPTH) throw new AppRenderError(`its components are nested more than ${MAX_TEMPLATE_DEPTH} deep (a component that uses itself?)`);
  return { ...context, ...change, depth: context.depth + 1 };
}

/** A page's drawing; the budget starts afresh on every drawing of the page. */
/** What the app surface gives a page's drawing (the budget and depth start afresh on each drawing). */
export type PageContext = Omit<ViewContext, 'budget' | 'depth' | 'wxsBudget'>;

function PageDrawing({ data, context }: { readonly data: Readonly<Record<string, unknown>>; readonly context: PageContext }) {
  // One WXS allowance per page (kept across its drawings; it renews every second).
  const wxsBudget = useMemo(() => new WxsBudget(() => performance.now()), [context.unit]);
  const full: ViewContext = { ...context, budget: new DrawBudget(context.restrictions), depth: 0, wxsBudget };
  const scope = useTemplateScope(context.unit.template, data, wxsBudget, context.warn);
  // A page over its budget is refused here, as a value, not thrown through React: React's error
  // path renders the tree again and describes every component's stack, which for a page that
  // fills the budget cost more than a frame on the system UI's main thread (bench/hostile.ts).
  // Components with logic draw in their own render; what they throw reaches the error boundary.
  let drawing: ReactNode[] | null = null;
  let refusal: string | null = null;
  try {
    drawing = renderNodes(full.unit.template.nodes, scope, full.unit.template, full, 'r');
  } catch (error) {
    if (!(error instanceof AppRenderError) && !(error instanceof WxsBudgetError)) throw error;
    refusal = error.message;
  }
  const { stop } = context;
  useEffect(() => {
    if (refusal !== null) stop(refusal);
  }, [refusal, stop]);
  return drawing === null ? null : <>{drawing}</>;
}

/** A page's drawing, skipped when neither its data nor its context changed (the app surface keeps both stable). */
export const TemplateView = memo(PageDrawing);
