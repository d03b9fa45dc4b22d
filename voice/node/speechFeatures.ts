/**
 * Speech features for the wake word: a 32-band log-mel spectrogram (10 ms frames) and, every
 * 80 ms, a 96-number speech embedding of the last 775 ms (76 mel frames). Two ONNX models run
 * them in onnxruntime-node, in this process: the mel transform and Google's speech_embedding
 * network as openWakeWord re-implemented it (voice/models/README.md says where they come from
 * and under which licences). The wake-word head (voice/common/wakeHead.ts) reads the embeddings.
 *
 * One chunking defines the features, so a clip embedded at once (training, the benchmark) and a
 * stream embedded as it comes (the car) give the same numbers: chunk i is samples
 * [1280·i, 1280·(i+1)); its mel frames are computed from that chunk with the 480 samples before
 * it; the mel history starts as 76 rows of ones; embedding i is the last 76 rows after chunk i.
 */
import * as ort from 'onnxruntime-node';
import { shippedPath } from '../../base/node/shippedFiles.js';

/** Samples per embedding step (80 ms). */
export const STEP_SAMPLES = 1280;
/** Samples of context before each chunk the mel transform needs for its 8 frames. */
const MEL_CONTEXT = 480;
const MEL_INPUT = STEP_SAMPLES + MEL_CONTEXT;
const MEL_FRAMES_PER_STEP = 8;
export const MEL_BANDS = 32;
/** Mel frames per embedding window. */
const WINDOW_FRAMES = 76;
export const EMBEDDING_SIZE = 96;
/** Embedding windows sent to the network at once when a whole clip is embedded. */
const BATCH = 64;

export class SpeechFeatureError extends Error {}

async function session(file: string): Promise<ort.InferenceSession> {
  const path = shippedPath(`voice/models/${file}`);
  try {
    // One thread each: the wake word shares a 2-core head unit with everything else.
    return await ort.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  } catch (error) {
    throw new SpeechFeatureError(`${path}: the ONNX model could not be loaded (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The two feature models, loaded once and shared by every stream. */
export class SpeechFeatures {
  private constructor(
    private readonly mel: ort.InferenceSession,
    private readonly embedding: ort.InferenceSession,
  ) {}

  private static loading: Promise<SpeechFeatures> | undefined;

  /** The models, loaded on first use (about 30 ms) and kept. */
  static load(): Promise<SpeechFeatures> {
    SpeechFeatures.loading ??= Promise.all([session('melspectrogram.onnx'), session('embedding_model.onnx')]).then(([mel, embedding]) => new SpeechFeatures(mel, embedding));
    // A failed load is not cached: the next caller tries again and hears why.
    SpeechFeatures.loading.catch(() => (SpeechFeatures.loading = undefined));
    return SpeechFeatures.loading;
  }

  /**
   * The 8 mel rows (MEL_BANDS each) of one chunk from its MEL_INPUT samples. One chunk per run:
   * the model's decibel floor is relative to the loudest value in its input, so a batch of
   * chunks would not give what the stream gives.
   */
  async melRows(input: Float32Array): Promise<Float32Array> {
    const result = await this.mel.run({ [this.mel.inputNames[0] as string]: new ort.Tensor('float32', input, [1, MEL_INPUT]) });
    const output = result[this.mel.outputNames[0] as string];
    if (!output || output.data.length !== MEL_FRAMES_PER_STEP * MEL_BANDS) throw new SpeechFeatureError(`the mel model gave ${output?.data.length ?? 0} values, expected ${MEL_FRAMES_PER_STEP * MEL_BANDS}`);
    const rows = new Float32Array(output.data as Float32Array);
    // openWakeWord's scaling, which brings the ONNX transform close to the TensorFlow one the
    // embedding network was trained on.
    for (let i = 0; i < rows.length; i += 1) rows[i] = (rows[i] as number) / 10 + 2;
    return rows;
  }

  /** Embeddings of `count` windows of WINDOW_FRAMES mel rows each. */
  async embed(windows: Float32Array, count: number): Promise<Float32Array> {
    const result = await this.embedding.run({ [this.embedding.inputNames[0] as string]: new ort.Tensor('float32', windows, [count, WINDOW_FRAMES, MEL_BANDS, 1]) });
    const output = result[this.embedding.outputNames[0] as string];
    if (!output || output.data.length !== count * EMBEDDING_SIZE) throw new SpeechFeatureError(`the embedding model gave ${output?.data.length ?? 0} values, expected ${count * EMBEDDING_SIZE}`);
    return new Float32Array(output.data as Float32Array);
  }

  /** Every step's embedding of a whole clip (the same numbers a stream of it gives), EMBEDDING_SIZE each. */
  async embedClip(samples: Int16Array): Promise<Float32Array> {
    const steps = Math.floor(samples.length / STEP_SAMPLES);
    if (steps === 0) return new Float32Array(0);
    const inputs = new Float32Array(steps * MEL_INPUT);
    for (let step = 0; step < steps; step += 1) chunkInput(samples, (step + 1) * STEP_SAMPLES, inputs.subarray(step * MEL_INPUT, (step + 1) * MEL_INPUT));
    const rows = new Float32Array((WINDOW_FRAMES + steps * MEL_FRAMES_PER_STEP) * MEL_BANDS).fill(1, 0, WINDOW_FRAMES * MEL_BANDS);
    for (let step = 0; step < steps; step += 1) {
      rows.set(await this.melRows(inputs.subarray(step * MEL_INPUT, (step + 1) * MEL_INPUT)), (WINDOW_FRAMES + step * MEL_FRAMES_PER_STEP) * MEL_BANDS);
    }
    const out = new Float32Array(steps * EMBEDDING_SIZE);
    const windowValues = WINDOW_FRAMES * MEL_BANDS;
    for (let first = 0; first < steps; first += BATCH) {
      const count = Math.min(BATCH, steps - first);
      const windows = new Float32Array(count * windowValues);
      for (let k = 0; k < count; k += 1) {
        const end = (WINDOW_FRAMES + (first + k + 1) * MEL_FRAMES_PER_STEP) * MEL_BANDS;
        windows.set(rows.subarray(end - windowValues, end), k * windowValues);
      }
      out.set(await this.embed(windows, count), first * EMBEDDING_SIZE);
    }
    return out;
  }
}

/** The mel model's input for the chunk ending at `end`: the MEL_INPUT samples before it (zeros before the start). */
function chunkInput(samples: Int16Array, end: number, into: Float32Array): void {
  const from = end - MEL_INPUT;
  for (let i = 0; i < MEL_INPUT; i += 1) into[i] = from + i >= 0 ? (samples[from + i] as number) : 0;
}

/**
 * One stream's features as audio arrives: push samples in any sizes; each completed 80 ms
 * chunk yields its embedding, in order. Memory stays bounded (the last 76 mel rows and less
 * than one chunk of audio).
 */
export class FeatureStream {
  /** The last MEL_CONTEXT samples before the pending chunk, then the pending chunk. */
  private audio = new Int16Array(MEL_CONTEXT + STEP_SAMPLES);
  private filled = MEL_CONTEXT;
  private readonly rows = new Float32Array(WINDOW_FRAMES * MEL_BANDS).fill(1);

  constructor(private readonly features: SpeechFeatures) {}

  /** The embeddings of the chunks these samples complete (often none, sometimes several). */
  async push(samples: Int16Array): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(samples.length - offset, this.audio.length - this.filled);
      this.audio.set(samples.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled < this.audio.length) break;
      const input = Float32Array.from(this.audio);
      const fresh = await this.features.melRows(input);
      this.rows.copyWithin(0, MEL_FRAMES_PER_STEP * MEL_BANDS);
      this.rows.set(fresh, (WINDOW_FRAMES - MEL_FRAMES_PER_STEP) * MEL_BANDS);
      out.push(await this.features.embed(Float32Array.from(this.rows), 1));
      this.audio.copyWithin(0, STEP_SAMPLES);
      this.filled = MEL_CONTEXT;
    }
    return out;
  }
}
