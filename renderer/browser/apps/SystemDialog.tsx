/**
 * The system's dialogs for an app: a modal (confirm / cancel) and an action sheet, drawn by
 * the system UI over the app (never by the app, so its CSS cannot dress them up), and a toast.
 */
import type { OpenDialog } from './appHost.js';
import type { ToastRequest } from '../../../miniapps/runtime/common/host/hostApis.js';

const TOAST_ICONS: Readonly<Record<ToastRequest['icon'], string>> = { success: '✓', error: '✕', loading: '…', none: '' };

export function SystemDialog({ dialog }: { readonly dialog: OpenDialog }) {
  return (
    <div className="system-scrim" data-testid="system-dialog" data-kind={dialog.kind} data-voice-only={dialog.voiceOnly ? 'true' : undefined} onClick={() => dialog.answer(null)}>
      <div className="system-dialog" role="dialog" aria-modal="true" aria-label={dialog.title || dialog.kind} onClick={(event) => event.stopPropagation()}>
        {dialog.title ? <h2 className="dialog-title">{dialog.title}</h2> : null}
        {dialog.content ? <p className="dialog-content">{dialog.content}</p> : null}
        {dialog.voiceOnly ? <p className="dialog-voice" data-testid="dialog-voice">While driving, only your voice can confirm</p> : null}
        <div className={dialog.kind === 'actionSheet' ? 'dialog-items' : 'dialog-buttons'}>
          {dialog.choices.map((choice, index) => (
            <button key={`${index}:${choice}`} type="button" className="dialog-choice" data-testid="dialog-choice" onClick={() => dialog.answer(index)}>
              {choice}
            </button>
          ))}
          {dialog.kind === 'actionSheet' ? (
            <button type="button" className="dialog-choice cancel" data-testid="dialog-cancel" onClick={() => dialog.answer(null)}>
              {dialog.cancelText}
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}

export function Toast({ toast }: { readonly toast: ToastRequest }) {
  return (
    <div className="system-toast" role="status" data-testid="toast" data-icon={toast.icon}>
      {TOAST_ICONS[toast.icon] ? <span className="toast-icon">{TOAST_ICONS[toast.icon]}</span> : null}
      {toast.text}
    </div>
  );
}
