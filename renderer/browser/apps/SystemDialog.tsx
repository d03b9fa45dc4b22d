/**
 * The system's dialogs for an app: a modal (confirm / cancel), an action sheet, a permission
 * or payment prompt, and a toast. Drawn by the system UI in the browser's top layer (a modal
 * `<dialog>`, a manual popover), so nothing an app draws, whatever its CSS, can cover, restyle or
 * take the taps meant for them; the rest of the page is inert while a dialog is open.
 */
import { useLayoutEffect, useRef } from 'react';
import type { ScreenRules } from '../../../safety/common/screenRules.js';
import { cutText } from '../../../safety/common/screenRules.js';
import type { OpenDialog } from './appHost.js';
import type { ToastRequest } from '../../../miniapps/runtime/common/host/hostApis.js';

const TOAST_ICONS: Readonly<Record<ToastRequest['icon'], string>> = { success: '✓', error: '✕', loading: '…', none: '' };

/**
 * A dialog as drawn now: every text cut by the screen rules in force at this moment (a dialog
 * opened while parked is cut as soon as the car moves); an action sheet's choices too.
 */
export function SystemDialog({ dialog, rules }: { readonly dialog: OpenDialog; readonly rules: ScreenRules | null }) {
  const element = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const node = element.current;
    if (node && !node.open) node.showModal();
    return () => node?.close();
  }, []);
  return (
    <dialog
      ref={element}
      className="system-dialog"
      data-testid="system-dialog"
      data-kind={dialog.kind}
      data-voice-only={dialog.voiceOnly ? 'true' : undefined}
      aria-label={dialog.title || dialog.kind}
      // Escape, or a tap on the backdrop (the dialog element itself, outside its content), dismisses.
      onCancel={(event) => {
        event.preventDefault();
        dialog.answer(null);
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) dialog.answer(null);
      }}
    >
      <div className="dialog-body">
        {dialog.title ? <h2 className="dialog-title">{cutText(rules, dialog.title)}</h2> : null}
        {dialog.content ? <p className="dialog-content">{cutText(rules, dialog.content)}</p> : null}
        {dialog.voiceOnly ? <p className="dialog-voice" data-testid="dialog-voice">While driving, only your voice can confirm</p> : null}
        <div className={dialog.kind === 'actionSheet' ? 'dialog-items' : 'dialog-buttons'}>
          {(dialog.kind === 'actionSheet' ? dialog.choices.slice(0, rules?.maxListItems ?? undefined) : dialog.choices).map((choice, index) => (
            <button key={`${index}:${choice}`} type="button" className="dialog-choice" data-testid="dialog-choice" onClick={() => dialog.answer(index)}>
              {cutText(rules, choice)}
            </button>
          ))}
          {dialog.kind === 'actionSheet' ? (
            <button type="button" className="dialog-choice cancel" data-testid="dialog-cancel" onClick={() => dialog.answer(null)}>
              {cutText(rules, dialog.cancelText)}
            </button>
          ) : null}
        </div>
      </div>
    </dialog>
  );
}

export function Toast({ toast, rules }: { readonly toast: ToastRequest; readonly rules: ScreenRules | null }) {
  const element = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const node = element.current;
    if (node && !node.matches(':popover-open')) node.showPopover();
  }, []);
  return (
    <div ref={element} popover="manual" className="system-toast" role="status" data-testid="toast" data-icon={toast.icon}>
      {TOAST_ICONS[toast.icon] ? <span className="toast-icon">{TOAST_ICONS[toast.icon]}</span> : null}
      {cutText(rules, toast.text)}
    </div>
  );
}
