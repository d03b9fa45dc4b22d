/**
 * The kiosk's keyboard: a head unit has no keys, so a text field an app draws (parked; moving,
 * the field is voice's) brings up the system's own keyboard at the bottom of the screen. It is
 * drawn by the system, outside the app's box, with keys of at least 76 px, and types into the
 * field as a driver's keys would (an `input` event the app's binding hears). It closes on Done,
 * when the field goes, or when the car's rules take the keyboard away.
 */
import { useSyncExternalStore } from 'react';

type Field = HTMLInputElement | HTMLTextAreaElement;

let field: Field | null = null;
const listeners = new Set<() => void>();
const changed = (): void => {
  for (const listener of listeners) listener();
};

/** A field the driver touched: the keyboard types into it. */
export function openKeyboard(target: Field): void {
  field = target;
  changed();
  // Once the keyboard has taken its room, the field is brought into what is left.
  requestAnimationFrame(() => target.scrollIntoView({ block: 'center' }));
}

export function closeKeyboard(): void {
  if (field === null) return;
  field = null;
  changed();
}

/** Four rows of 76 px keys: on a 720 px screen that leaves the app a strip, the field scrolled into it. */
const ROWS = [[...'qwertyuiop'], [...'asdfghjkl'], [...'zxcvbnm', '⌫'], ['Space', 'Done']] as const;

/** Sets the field's value as typing does, so the app's input binding hears it. */
function type(target: Field, next: string): void {
  const prototype = target instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(target, next);
  target.dispatchEvent(new Event('input', { bubbles: true }));
}

export function OnScreenKeyboard({ allowed }: { readonly allowed: boolean }) {
  const target = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => field,
  );
  // A field that left the page (another page, the app closed) or a rule that took the keyboard away.
  if (target === null || !target.isConnected || !allowed || target.disabled) return null;
  const press = (key: string): void => {
    if (key === 'Done') return closeKeyboard();
    const value = target.value;
    type(target, key === '⌫' ? value.slice(0, -1) : `${value}${key === 'Space' ? ' ' : key}`);
  };
  const keys = (row: readonly string[]) =>
    row.map((key) => (
      <button
        key={key}
        type="button"
        className={`key key-${key === 'Space' ? 'space' : key === 'Done' ? 'done' : key === '⌫' ? 'back' : 'char'}`}
        data-key={key}
        // The field keeps the focus (and its caret) while keys are pressed.
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => press(key)}
      >
        {key}
      </button>
    ));
  return (
    <div className="keyboard" data-testid="keyboard" role="group" aria-label="Keyboard">
      {ROWS.map((row) => (
        <div key={row.join('')} className="keyboard-row">
          {keys(row)}
        </div>
      ))}
    </div>
  );
}
