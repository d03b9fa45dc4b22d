/**
 * The host's drawing of the mini-program's interactive components: form controls, swiper,
 * scroll-view, progress, icon. Each is the host's own element, obeys the restrictions in force
 * and reports to the app only through its bound event (`bindchange`, `bindsubmit`…) with the
 * platforms' `detail` shapes. Form controls publish their name and value on the element
 * (`data-gb-name`, `data-gb-value`) so a form can gather them on submit.
 */
import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { ScreenRules } from '../../../safety/common/screenRules.js';

export interface HostProps {
  readonly tag: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly className: string | undefined;
  /** Bound event type → the app's handler; `fire` sends one. */
  readonly fire: (type: string, detail: unknown) => void;
  readonly restrictions: ScreenRules | null;
  readonly children: ReactNode;
}

/** An attribute as WeChat (kebab-case) or Alipay (camelCase) spells it. */
const attr = (attributes: Readonly<Record<string, unknown>>, name: string): unknown => attributes[name] ?? attributes[name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())];
const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
const truthy = (value: unknown): boolean => value === true || value === 'true' || value === '';
const numberOr = (value: unknown, fallback: number): number => (Number.isFinite(Number(value)) && value !== '' && value !== null ? Number(value) : fallback);

/** A control's current value, published for the form around it. */
function fieldData(name: unknown, value: unknown): Record<string, string> {
  return typeof name === 'string' && name !== '' ? { 'data-gb-name': name, 'data-gb-value': JSON.stringify(value) } : {};
}

function Switch({ attributes, className, fire }: HostProps) {
  const [on, setOn] = useState(truthy(attributes['checked']));
  useEffect(() => setOn(truthy(attributes['checked'])), [attributes['checked']]);
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      data-wx="switch"
      className={className}
      disabled={truthy(attributes['disabled'])}
      {...fieldData(attributes['name'], on)}
      onClick={() => {
        setOn(!on);
        fire('change', { value: !on });
      }}
    >
      <span className="gb-switch-knob" />
    </button>
  );
}

/** checkbox-group / radio-group: the group holds the selection, the items toggle it. */
interface Choice {
  readonly multiple: boolean;
  readonly selected: ReadonlySet<string>;
  toggle(value: string): void;
}
const ChoiceContext = createContext<Choice | null>(null);

function ChoiceGroup({ tag, attributes, className, fire, children }: HostProps) {
  const multiple = tag === 'checkbox-group';
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const group = useRef<HTMLDivElement>(null);
  // The items' own `checked` attributes give the starting selection.
  useEffect(() => {
    const initial = [...(group.current?.querySelectorAll('[data-gb-initially-checked="true"]') ?? [])].map((element) => element.getAttribute('data-gb-choice') ?? '');
    setSelected(new Set(multiple ? initial : initial.slice(0, 1)));
  }, [multiple]);
  const choice: Choice = {
    multiple,
    selected,
    toggle(value) {
      const next = new Set(multiple ? selected : []);
      if (multiple && next.has(value)) next.delete(value);
      else next.add(value);
      setSelected(next);
      fire('change', { value: multiple ? [...next] : value });
    },
  };
  const value = multiple ? [...selected] : ([...selected][0] ?? '');
  return (
    <div ref={group} data-wx={tag} className={className} role={multiple ? 'group' : 'radiogroup'} {...fieldData(attributes['name'], value)}>
      <ChoiceContext.Provider value={choice}>{children}</ChoiceContext.Provider>
    </div>
  );
}

function ChoiceItem({ tag, attributes, className, children }: HostProps) {
  const group = useContext(ChoiceContext);
  const value = text(attributes['value']);
  const checked = group ? group.selected.has(value) : truthy(attributes['checked']);
  return (
    <label data-wx={tag} className={className} data-gb-choice={value} data-gb-initially-checked={String(truthy(attributes['checked']))}>
      <input type={tag === 'radio' ? 'radio' : 'checkbox'} checked={checked} disabled={truthy(attributes['disabled'])} onChange={() => group?.toggle(value)} />
      {children}
    </label>
  );
}

function Slider({ attributes, className, fire }: HostProps) {
  const min = numberOr(attributes['min'], 0);
  const max = numberOr(attributes['max'], 100);
  const [value, setValue] = useState(numberOr(attributes['value'], min));
  useEffect(() => setValue(numberOr(attributes['value'], min)), [attributes['value'], min]);
  return (
    <span data-wx="slider" className={className} {...fieldData(attributes['name'], value)}>
      <input
        type="range"
        min={min}
        max={max}
        step={numberOr(attributes['step'], 1)}
        value={value}
        disabled={truthy(attributes['disabled'])}
        onInput={(event) => {
          const next = Number((event.target as HTMLInputElement).value);
          setValue(next);
          fire('changing', { value: next });
        }}
        onChange={(event) => fire('change', { value: Number(event.target.value) })}
      />
      {truthy(attr(attributes, 'show-value')) ? <span className="gb-slider-value">{value}</span> : null}
    </span>
  );
}

/** picker: mode selector (a list to choose from; capped while driving), date and time. */
function Picker({ attributes, className, fire, restrictions, children }: HostProps) {
  const mode = text(attributes['mode']) || 'selector';
  const [value, setValue] = useState<unknown>(attributes['value'] ?? (mode === 'selector' ? 0 : ''));
  useEffect(() => setValue(attributes['value'] ?? (mode === 'selector' ? 0 : '')), [attributes['value'], mode]);
  if (mode === 'date' || mode === 'time') {
    return (
      <label data-wx="picker" className={className} {...fieldData(attributes['name'], value)}>
        {children}
        <input
          type={mode}
          value={text(value)}
          min={text(attributes['start']) || undefined}
          max={text(attributes['end']) || undefined}
          disabled={truthy(attributes['disabled'])}
          onChange={(event) => {
            setValue(event.target.value);
            fire('change', { value: event.target.value });
          }}
        />
      </label>
    );
  }
  const range = Array.isArray(attributes['range']) ? (attributes['range'] as unknown[]) : [];
  const key = text(attr(attributes, 'range-key'));
  const limit = restrictions?.maxListItems ?? null;
  const shown = (limit === null ? range : range.slice(0, limit)).map((item) => (key && item && typeof item === 'object' ? text((item as Record<string, unknown>)[key]) : text(item)));
  return (
    <span data-wx="picker" className={className} {...fieldData(attributes['name'], value)}>
      {children}
      <ChoiceSheet
        options={shown}
        selected={numberOr(value, 0)}
        disabled={truthy(attributes['disabled'])}
        onPick={(index) => {
          setValue(index);
          fire('change', { value: index });
        }}
      />
    </span>
  );
}

/**
 * A list to choose from, drawn by the host rather than the browser's native menu (which ignores
 * the head unit's theme and touch sizes): the choice as a button, and on a tap the options as
 * large buttons over the app's box (position fixed is held to the app's box by its containment,
 * so the list can never cover the system's bars or dialogs).
 */
function ChoiceSheet({ options, selected, disabled, onPick }: { readonly options: readonly string[]; readonly selected: number; readonly disabled: boolean; readonly onPick: (index: number) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="gb-picker-value" aria-haspopup="listbox" aria-expanded={open} disabled={disabled || options.length === 0} onClick={() => setOpen(true)}>
        {options[selected] ?? 'Choose'}
      </button>
      {open ? (
        <div className="gb-picker-sheet" data-testid="picker-sheet" onClick={() => setOpen(false)}>
          <div className="gb-picker-options" role="listbox">
            {options.map((option, index) => (
              <button
                key={index}
                type="button"
                role="option"
                aria-selected={index === selected}
                className="gb-picker-option"
                onClick={(event) => {
                  event.stopPropagation();
                  setOpen(false);
                  onPick(index);
                }}
              >
                {option}
              </button>
            ))}
          </div>
        </div>
      ) : null}
    </>
  );
}

/** form: gathers the named controls inside it on submit (`detail.value`), and resets them. */
function Form({ attributes, className, fire, children }: HostProps) {
  const element = useRef<HTMLFormElement>(null);
  const [generation, setGeneration] = useState(0);
  const values = (): Record<string, unknown> => {
    const gathered: Record<string, unknown> = {};
    for (const field of element.current?.querySelectorAll('[data-gb-name]') ?? []) {
      const name = field.getAttribute('data-gb-name') ?? '';
      try {
        gathered[name] = JSON.parse(field.getAttribute('data-gb-value') ?? 'null') as unknown;
      } catch {
        gathered[name] = null;
      }
    }
    return gathered;
  };
  return (
    <form
      ref={element}
      key={generation}
      data-wx="form"
      className={className}
      data-report-submit={text(attr(attributes, 'report-submit')) || undefined}
      onSubmit={(event) => {
        event.preventDefault();
        fire('submit', { value: values() });
      }}
      onReset={(event) => {
        event.preventDefault();
        setGeneration(generation + 1);
        fire('reset', {});
      }}
    >
      {children}
    </form>
  );
}

/** swiper: one item at a time; autoplay only when NO_AUTOSCROLL is not in force; items capped while driving. */
const SwiperContext = createContext<{ readonly current: number; readonly limit: number | null } | null>(null);

function Swiper({ attributes, className, fire, restrictions, children }: HostProps) {
  const [current, setCurrent] = useState(numberOr(attributes['current'], 0));
  const element = useRef<HTMLDivElement>(null);
  const limit = restrictions?.maxListItems ?? null;
  const autoplay = truthy(attributes['autoplay']) && (restrictions?.autoscroll ?? true);
  const count = (): number => Math.min(element.current?.querySelectorAll(':scope > .gb-swiper-track > [data-wx="swiper-item"]').length ?? 0, limit ?? Number.POSITIVE_INFINITY);
  const go = (next: number, source: 'autoplay' | 'touch'): void => {
    const total = count();
    if (total === 0) return;
    const index = ((next % total) + total) % total;
    setCurrent(index);
    fire('change', { current: index, source });
  };
  useEffect(() => {
    if (!autoplay) return undefined;
    const timer = setInterval(() => go(current + 1, 'autoplay'), Math.max(1000, numberOr(attributes['interval'], 5000)));
    return () => clearInterval(timer);
  });
  return (
    <div ref={element} data-wx="swiper" className={className} data-autoplay={String(autoplay)}>
      <div className="gb-swiper-track">
        <SwiperContext.Provider value={{ current, limit }}>{children}</SwiperContext.Provider>
      </div>
      <button type="button" className="gb-swiper-prev" aria-label="previous" onClick={() => go(current - 1, 'touch')}>
        ‹
      </button>
      <button type="button" className="gb-swiper-next" aria-label="next" onClick={() => go(current + 1, 'touch')}>
        ›
      </button>
    </div>
  );
}

function SwiperItem({ className, children }: HostProps) {
  const swiper = useContext(SwiperContext);
  const element = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState(-1);
  useEffect(() => {
    const siblings = element.current?.parentElement ? [...element.current.parentElement.children] : [];
    setIndex(element.current ? siblings.indexOf(element.current) : -1);
  });
  const hidden = swiper !== null && (index !== swiper.current || (swiper.limit !== null && index >= swiper.limit));
  return (
    <div ref={element} data-wx="swiper-item" className={className} hidden={hidden}>
      {children}
    </div>
  );
}

function ScrollView({ attributes, className, fire, restrictions, children }: HostProps) {
  const element = useRef<HTMLDivElement>(null);
  const vertical = truthy(attr(attributes, 'scroll-y'));
  const horizontal = truthy(attr(attributes, 'scroll-x'));
  const top = attr(attributes, 'scroll-top');
  const intoView = text(attr(attributes, 'scroll-into-view'));
  // Scrolling the driver did not ask for is what NO_AUTOSCROLL forbids: the app's scroll-top and scroll-into-view wait.
  const autoscroll = restrictions?.autoscroll ?? true;
  useEffect(() => {
    if (!autoscroll || !element.current) return;
    // Scrolled within the scroll-view only (scrollIntoView would move the system's screen too).
    const target = intoView ? element.current.querySelector<HTMLElement>(`#${CSS.escape(intoView)}`) : null;
    if (target) element.current.scrollTop = target.getBoundingClientRect().top - element.current.getBoundingClientRect().top + element.current.scrollTop;
    else if (top !== undefined) element.current.scrollTop = numberOr(top, 0);
  }, [top, intoView, autoscroll]);
  return (
    <div
      ref={element}
      data-wx="scroll-view"
      className={className}
      style={{ overflowY: vertical ? 'auto' : 'hidden', overflowX: horizontal ? 'auto' : 'hidden' }}
      onScroll={(event) => {
        const target = event.currentTarget;
        fire('scroll', { scrollTop: target.scrollTop, scrollLeft: target.scrollLeft, scrollHeight: target.scrollHeight, scrollWidth: target.scrollWidth });
        if (target.scrollTop + target.clientHeight >= target.scrollHeight - numberOr(attr(attributes, 'lower-threshold'), 50)) fire('scrolltolower', { direction: 'bottom' });
      }}
    >
      {children}
    </div>
  );
}

function Progress({ attributes, className }: HostProps) {
  const percent = Math.min(100, Math.max(0, numberOr(attributes['percent'], 0)));
  return (
    <span data-wx="progress" className={className}>
      <progress max={100} value={percent} />
      {truthy(attr(attributes, 'show-info')) ? <span className="gb-progress-info">{percent}%</span> : null}
    </span>
  );
}

const ICONS: Readonly<Record<string, string>> = { success: '✔', success_no_circle: '✓', info: 'ℹ', warn: '⚠', waiting: '◷', cancel: '✖', download: '⬇', search: '⌕', clear: '⌫' };

function Icon({ attributes, className }: HostProps) {
  const type = text(attributes['type']);
  return (
    <span data-wx="icon" data-type={type} className={className} role="img" aria-label={type} style={{ fontSize: `${numberOr(attributes['size'], 23)}px`, color: text(attributes['color']) || undefined }}>
      {ICONS[type] ?? '•'}
    </span>
  );
}

export const HOST_COMPONENTS: Readonly<Record<string, (props: HostProps) => ReactNode>> = {
  switch: Switch,
  'checkbox-group': ChoiceGroup,
  'radio-group': ChoiceGroup,
  checkbox: ChoiceItem,
  radio: ChoiceItem,
  slider: Slider,
  picker: Picker,
  form: Form,
  swiper: Swiper,
  'swiper-item': SwiperItem,
  'scroll-view': ScrollView,
  progress: Progress,
  icon: Icon,
};
