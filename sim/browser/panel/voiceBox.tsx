/**
 * What the driver says, typed by the tester: it goes through the same path as recognised
 * speech (intent matching, then the app or the platform), so an app's voice intents can be
 * tried before the voice pipeline is wired. The notice says what was understood and done.
 */
import { useState } from 'react';
import type { Send } from './useControl.js';

const EXAMPLES = ['find a charger', 'navigate to the station', 'reorder my usual', 'yes', 'go to the home screen'];

export function VoiceBox({ send }: { readonly send: Send }) {
  const [text, setText] = useState('');
  const say = (): void => {
    if (text.trim() !== '') send({ t: 'say', text });
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
    </>
  );
}
