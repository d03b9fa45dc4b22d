/** Screenshot and record buttons: a PNG or a WebM of the head unit, to the browser's downloads. */
import { useRef, useState } from 'react';
import type { Recording } from './capture.js';
import { captureName, download, record, screenshot } from './capture.js';

export function CaptureControls({ area }: { readonly area: () => HTMLElement | null }) {
  const [recording, setRecording] = useState<Recording | null>(null);
  const [said, say] = useState('');
  const busy = useRef(false);
  const failed = (error: unknown): void => say(`capture failed: ${error instanceof Error ? error.message : String(error)}`);
  const shoot = async (): Promise<void> => {
    const element = area();
    if (!element || busy.current) return;
    busy.current = true;
    try {
      const name = captureName('png');
      download(await screenshot(element), name);
      say(`saved ${name}`);
    } catch (error) {
      failed(error);
    } finally {
      busy.current = false;
    }
  };
  const toggle = async (): Promise<void> => {
    const element = area();
    if (!element) return;
    try {
      if (recording) {
        setRecording(null);
        const name = captureName('webm');
        download(await recording.stop(), name);
        say(`saved ${name}`);
      } else {
        const started = await record(element);
        setRecording(started);
        say(started.cropped ? 'recording the head unit…' : 'recording the head unit (cropped from the tab)…');
      }
    } catch (error) {
      failed(error);
    }
  };
  return (
    <>
      <h2>Capture</h2>
      <div className="row">
        <button type="button" data-testid="screenshot" onClick={() => void shoot()}>
          Screenshot
        </button>
        <button type="button" data-testid="record" className={recording ? 'on' : ''} onClick={() => void toggle()}>
          {recording ? 'Stop recording' : 'Record'}
        </button>
        <span className="said" data-testid="capture-said">
          {said}
        </span>
      </div>
    </>
  );
}
