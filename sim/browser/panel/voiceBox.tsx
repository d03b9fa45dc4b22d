/**
 * What the driver says: typed by the tester and spoken by espeak-ng into the simulator's
 * microphone, or a WAV recording played into it, so it goes through the real pipeline (wake
 * word, endpointing, recogniser, intents, policy). Without "Hey Glovebox" in front, the
 * push-to-talk button is pressed first. The timeline shows what the pipeline made of it.
 */
import { useState } from 'react';
import type { ControlStatus } from '../../common/controlProtocol.js';
import type { Send } from './useControl.js';

const EXAMPLES = ['Hey Glovebox, find a charger', 'Hey Glovebox, navigate to the station', 'Hey Glovebox, reorder my usual', 'confirm', 'go to the home screen'];

export function VoiceBox({ send, status }: { readonly send: Send; readonly status: ControlStatus }) {
  const [text, setText] = useState('');
  const say = (): void => {
    if (text.trim() !== '') send({ t: 'say', text });
  };
  const upload = (file: File | undefined): void => {
    if (!file) return;
    void file.arrayBuffer().then((buffer) => {
      let binary = '';
      const bytes = new Uint8Array(buffer);
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      send({ t: 'wav', data: btoa(binary) });
    });
  };
  return (
    <>
      <h2>Voice</h2>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          say();
        }}
      >
        <input className="wide" data-testid="utterance" list="utterances" value={text} placeholder="Hey Glovebox, …" onChange={(event) => setText(event.target.value)} />
        <datalist id="utterances">
          {EXAMPLES.map((example) => (
            <option key={example} value={example} />
          ))}
        </datalist>
        <button type="submit" data-testid="say">
          Say it
        </button>
      </form>
      <label className="row">
        WAV (16 kHz mono) <input type="file" accept=".wav,audio/wav" data-testid="voice-wav" onChange={(event) => upload(event.target.files?.[0])} />
      </label>
      <ol className="voice-timeline" data-testid="voice-timeline">
        {status.voice.map((entry, index) => (
          <li key={`${index}-${entry.t}`} data-event={entry.event}>
            <span className="at">{entry.t.toFixed(2)} s</span> <b>{entry.event}</b> {entry.text}
          </li>
        ))}
      </ol>
    </>
  );
}
