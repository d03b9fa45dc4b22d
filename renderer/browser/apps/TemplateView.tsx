/**
 * The host's drawing of a mini-app view: the compiled IR plus the page's data, as React
 * elements of host components. App code never runs here; the IR is data.
 */
import type { ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { CompiledUnit } from '../../../miniapps/runtime/common/format/app.js';
import type { Scope } from '../../../miniapps/runtime/common/template/expression.js';
import { evaluate } from '../../../miniapps/runtime/common/template/expression.js';
import type { CompiledTemplate, TemplateNode } from '../../../miniapps/runtime/common/template/ir.js';
import type { NavigationKind } from '../../../miniapps/runtime/common/navigation.js';
import type { RestrictionView } from '../../../services/common/protocol.js';
import { HOST_COMPONENTS } from './hostComponents.js';
import { MapView } from './MapView.js';
import { RichText } from './RichText.js';
import { loopItems, textOf, valueOf } from '../../../miniapps/runtime/common/template/render.js';

/** Host elements for the mini-program components drawn so far; the rest are boxes. */
const HOST_TAGS: Readonly<Record<string, string>> = { view: 'div', text: 'span', button: 'button', image: 'img', block: 'div', navigator: 'a', video: 'video' };

export interface ComponentInstances {
  attach(path: string, properties: Readonly<Record<string, unknown>>, onEvent: (name: string, detail: unknown) => void): number;
  update(componentId: number, properties: Readonly<Record<string, unknown>>): void;
  detach(componentId: number): void;
  data(componentId: number): Readonly<Record<string, unknown>> | undefined;
  dispatch(componentId: number, handler: string, type: string, dataset: Readonly<Record<string, unknown>>, detail?: unknown): void;
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
  readonly slot: ReactNode;
}) {
  const { path, unit, tag, className, properties, context, instances, slot } = props;
  const onEvent = useRef(props.onEvent);
  onEvent.current = props.onEvent;
  const initial = useRef(properties);
  const [componentId, setComponentId] = useState<number | null>(null);
  // The instance lives as long as this element; property changes go through update below.
  useEffect(() => {
    const id = instances.attach(path, initial.current, (name, detail) => onEvent.current(name, detail));
    setComponentId(id);
    return () => instances.detach(id);
  }, [instances, path]);
  const serialised = JSON.stringify(properties);
  useEffect(() => {
    if (componentId !== null) instances.update(componentId, JSON.parse(serialised) as Record<string, unknown>);
  }, [componentId, serialised, instances]);
  const data = (componentId === null ? undefined : instances.data(componentId)) ?? properties;
  const inner: ViewContext = {
    ...context,
    unit,
    slot,
    componentId: componentId ?? undefined,
    dispatch: (handler, type, dataset, detail) => {
      if (componentId !== null) instances.dispatch(componentId, handler, type, dataset, detail);
    },
  };
  return (
    <div data-wx={tag} className={className} data-component={path}>
      {renderNodes(unit.template.nodes, [data], unit.template, inner, 'c')}
    </div>
  );
}

/** `<navigator open-type>` → the navigation it performs. */
const NAVIGATOR_KINDS: Readonly<Record<string, NavigationKind>> = { navigate: 'navigateTo', redirect: 'redirectTo', switchTab: 'switchTab', reLaunch: 'reLaunch', navigateBack: 'navigateBack' };

export interface ViewContext {
  readonly unit: CompiledUnit;
  /** The restrictions in force for this app, from services; null when unrestricted. */
  readonly restrictions: RestrictionView | null;
  readonly components: Readonly<Record<string, CompiledUnit>>;
  readonly dispatch: (handler: string, type: string, dataset: Readonly<Record<string, unknown>>, detail?: unknown) => void;
  /** A `<navigator>` was tapped. */
  readonly navigate: (kind: NavigationKind, url: string | undefined) => void;
  /** Component instances in the app's logic (absent: components are drawn from their properties only). */
  readonly instances?: ComponentInstances;
  /** Set inside a component's template: events there go to the instance. */
  readonly componentId?: number;
  /** The vehicle's position, for a map's `show-location`. */
  readonly vehicle: { readonly latitude: number; readonly longitude: number } | null;
  readonly slot?: ReactNode;
}

function renderNodes(nodes: readonly TemplateNode[], scope: Scope, template: CompiledTemplate, context: ViewContext, key: string): ReactNode[] {
  return nodes.map((node, index) => renderNode(node, scope, template, context, `${key}.${index}`));
}

function renderNode(node: TemplateNode, scope: Scope, template: CompiledTemplate, context: ViewContext, key: string): ReactNode {
  switch (node.k) {
    case 'text': {
      const text = textOf(valueOf(node.v, scope));
      const limit = context.restrictions?.flags.includes('LIMIT_STRING_LENGTH') ? context.restrictions.params.maxStringLength : null;
      return limit !== null && text.length > limit ? `${text.slice(0, Math.max(0, limit - 1))}…` : text;
    }
    case 'block':
      return renderNodes(node.children, scope, template, context, key);
    case 'if': {
      const branch = node.branches.find((candidate) => candidate.when === null || Boolean(valueOf(candidate.when, scope)));
      return branch ? renderNode(branch.node, scope, template, context, key) : null;
    }
    case 'for': {
      const items = loopItems(valueOf(node.items, scope));
      const limit = context.restrictions?.flags.includes('LIMIT_CONTENT') ? context.restrictions.params.maxListItems : null;
      const shown = limit !== null ? items.slice(0, limit) : items;
      const rendered = shown.map(([index, item]) => renderNode(node.node, [{ [node.item]: item, [node.index]: index }, ...scope], template, context, `${key}[${index}]`));
      if (shown.length < items.length) {
        rendered.push(
          <div key={`${key}/more`} className="gb-more-when-parked" data-testid="more-when-parked">
            {items.length - shown.length} more when parked
          </div>,
        );
      }
      return rendered;
    }
    case 'tpl': {
      const body = template.templates[textOf(valueOf(node.is, scope))];
      const data = node.data ? evaluate(node.data, scope) : {};
      return body ? renderNodes(body, [(data ?? {}) as Record<string, unknown>], template, context, key) : null;
    }
    case 'slot':
      return context.slot ?? null;
    case 'el': {
      const attributes: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(node.attrs)) attributes[name] = valueOf(value, scope);
      const dataset = Object.fromEntries(Object.entries(node.dataset).map(([name, value]) => [name, valueOf(value, scope)]));
      const tap = node.events.find((event) => event.type === 'tap');
      const children = renderNodes(node.children, scope, template, context, key);
      const componentPath = context.unit.usingComponents[node.tag];
      const component = componentPath ? context.components[componentPath] : undefined;
      if (component && componentPath && component.script !== '' && context.instances) {
        const bindings = node.events;
        return (
          <ComponentInstanceView
            key={key}
            path={componentPath}
            unit={component}
            tag={node.tag}
            className={textOf(attributes['class']) || undefined}
            properties={attributes}
            context={context}
            instances={context.instances}
            slot={children}
            onEvent={(name, detail) => {
              const binding = bindings.find((event) => event.type === name);
              if (binding) context.dispatch(textOf(valueOf(binding.handler, scope)), name, dataset, detail);
            }}
          />
        );
      }
      if (component) {
        // A component without a script is drawn from its template with its attributes as data.
        return (
          <div key={key} data-wx={node.tag} className={textOf(attributes['class'])}>
            {renderNodes(component.template.nodes, [attributes], component.template, { ...context, unit: component, slot: children }, `${key}/c`)}
          </div>
        );
      }
      const flags = context.restrictions?.flags ?? [];
      const className = textOf(attributes['class']) || undefined;
      const fire = (type: string, detail: unknown): void => {
        // Alipay spells event names in camelCase (onMarkerTap → markerTap), WeChat in lower case.
        const binding = node.events.find((event) => event.type.toLowerCase() === type.toLowerCase());
        if (binding) context.dispatch(textOf(valueOf(binding.handler, scope)), type, dataset, detail);
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
        const limit = flags.includes('LIMIT_STRING_LENGTH') ? (context.restrictions?.params.maxStringLength ?? null) : null;
        return <RichText key={key} nodes={attributes['nodes']} className={className} maxCharacters={limit} />;
      }
      if (node.tag === 'map') return <MapView key={key} attributes={attributes} className={className} vehicle={context.vehicle} fire={fire} />;
      // Pictures the app has not marked as needed for driving (car-driving) wait until parked.
      if (node.tag === 'image' && flags.includes('NO_NONDRIVING_IMAGES') && !(attributes['car-driving'] === true || attributes['car-driving'] === 'true')) {
        return (
          <span key={key} data-wx="image" className="gb-image-hidden" data-testid="image-hidden">
            Picture shown when parked
          </span>
        );
      }
      if (node.tag === 'input' || node.tag === 'textarea') {
        const inputEvent = node.events.find((event) => event.type === 'input');
        const noKeyboard = flags.includes('NO_KEYBOARD');
        const fieldProps = {
          'data-wx': node.tag,
          className: textOf(attributes['class']) || undefined,
          value: textOf(attributes['value']),
          placeholder: noKeyboard ? 'Use voice while driving' : textOf(attributes['placeholder']),
          disabled: noKeyboard || Boolean(attributes['disabled']),
          onChange: (event: { target: { value: string } }) => {
            if (inputEvent) context.dispatch(textOf(valueOf(inputEvent.handler, scope)), 'input', dataset, { value: event.target.value });
          },
        };
        return (
          <span key={key} className="gb-field">
            {node.tag === 'input' ? <input {...fieldProps} /> : <textarea {...fieldProps} />}
            {noKeyboard ? (
              <button type="button" className="gb-voice-instead" data-testid="voice-instead">
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
          <a key={key} data-wx="navigator" role="link" className={textOf(attributes['class']) || undefined} onClick={() => context.navigate(kind, url)}>
            {children}
          </a>
        );
      }
      if (node.tag === 'video' && flags.includes('NO_VIDEO')) {
        return (
          <div key={key} className="gb-blocked" data-testid="video-blocked">
            Video is available when parked
          </div>
        );
      }
      const Tag = (HOST_TAGS[node.tag] ?? 'div') as 'div';
      const props: Record<string, unknown> = { key, 'data-wx': node.tag, className: textOf(attributes['class']) || undefined };
      if (attributes['hidden']) props['hidden'] = true;
      if (attributes['disabled']) props['disabled'] = true;
      if ((node.tag === 'image' || node.tag === 'video') && typeof attributes['src'] === 'string') props['src'] = attributes['src'];
      // A button submits or resets its form only when it says so; otherwise it is just a button.
      if (node.tag === 'button') props['type'] = attributes['form-type'] === 'submit' ? 'submit' : attributes['form-type'] === 'reset' ? 'reset' : 'button';
      if (tap) {
        const handler = textOf(valueOf(tap.handler, scope));
        props['onClick'] = (event: { stopPropagation(): void }) => {
          if (tap.catch) event.stopPropagation();
          context.dispatch(handler, 'tap', dataset);
        };
      }
      return node.tag === 'image' ? <img {...(props as object)} alt="" /> : <Tag {...(props as object)}>{children}</Tag>;
    }
  }
}

export function TemplateView({ data, context }: { readonly data: Readonly<Record<string, unknown>>; readonly context: ViewContext }) {
  return <>{renderNodes(context.unit.template.nodes, [data], context.unit.template, context, 'r')}</>;
}
