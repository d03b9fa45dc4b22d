/** Wake-word engines behind one interface, on the sample clock. */
import type { AudioFrame } from './audio.js';

export interface WakeDetection {
  /** Which engine heard it. */
  readonly engine: string;
  readonly phrase: string;
  /** The sample at which the keyword ended (as far as the engine can tell). */
  readonly endSample: number;
  /** The sample after the last one the engine had heard when it woke, where it says (a verifier reads the audio up to it). */
  readonly heardTo?: number;
  /** The engine's confidence where it has one (the offline engine's verification margin). */
  readonly score?: number | null;
}

export interface WakeWordEngine {
  readonly name: string;
  /**
   * How far before its stamp the keyword may really have ended, seconds: the recogniser hears
   * from that much earlier (its grammar takes the wake phrase's tail). 0 when absent.
   */
  readonly stampUncertaintySeconds?: number;
  /** Takes the next frame of the stream (frames in order, no gaps). */
  process(frame: AudioFrame): void;
  /** Called for each detection, as it happens. */
  onDetection(listener: (detection: WakeDetection) => void): () => void;
  /** Resolves once every frame given so far has been heard (a file fed fast waits on it). */
  sync(): Promise<void>;
  /** Ends the stream: resolves once every frame given has been heard. */
  finish(): Promise<void>;
  close(): void;
}
