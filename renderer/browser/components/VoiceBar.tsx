/**
 * The voice cue under the status bar: a glowing bar while listening, what was heard (unless the
 * policy rules transcription out) and what the head unit says. Hidden while voice is idle and
 * nothing was said a moment ago.
 */
import type { HeadUnitStore } from '../state/store.js';
import { useHeadUnit } from '../state/store.js';

const LABELS = { idle: '', listening: 'Listening…', thinking: 'One moment…', speaking: '' } as const;

export function VoiceBar({ store }: { readonly store: HeadUnitStore }) {
  const voice = useHeadUnit(store, (state) => state.voice);
  if (!voice || (voice.state === 'idle' && !voice.reply && !voice.transcript)) return null;
  return (
    <div className={`voice-bar voice-${voice.state}`} data-testid="voice-bar" data-state={voice.state} role="status" aria-live="polite">
      <span className="voice-cue" data-testid="voice-cue" />
      <span className="voice-label">{LABELS[voice.state]}</span>
      {voice.transcript ? (
        <span className="voice-transcript" data-testid="voice-transcript">
          “{voice.transcript}”
        </span>
      ) : null}
      {voice.reply ? (
        <span className="voice-reply" data-testid="voice-reply">
          {voice.reply}
        </span>
      ) : null}
    </div>
  );
}
