/** The pipeline as Node runs it: its timers, and a pipeline that only reports (the CLI, the benchmark). */
import type { Timers } from '../common/pipeline.js';
import { VoicePipeline } from '../common/pipeline.js';
import type { Recognizer } from '../common/recognizer.js';
import type { WakeWordEngine } from '../common/wakeWord.js';
import { SilentSpeaker } from './speaker.js';

export const NODE_TIMERS: Timers = { set: (callback, ms) => setTimeout(callback, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

/** Hears and recognises, carries nothing out and says nothing: its events are the output. */
export function reportingPipeline(wake: WakeWordEngine, recognizer: Recognizer): VoicePipeline {
  return new VoicePipeline({ wake, recognizer: () => recognizer, dialogue: { heard: () => ({}), silent: () => ({}) }, speaker: new SilentSpeaker(), timers: NODE_TIMERS });
}
