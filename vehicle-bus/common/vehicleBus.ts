/**
 * The bottom of the data spine in one object: frames in, VSS vehicle state out.
 * frame → FrameDecoder (DBC) → VssMapper (mapping) → VehicleState.
 */
import type { DatabaseCodec } from './dbc/codec.js';
import type { DecodeOutcome, FrameDecoderOptions } from './decoder.js';
import { FrameDecoder } from './decoder.js';
import type { CanFrame } from './frame.js';
import { VssMapper } from './vss/mapper.js';
import type { CompiledMapping } from './vss/mapping.js';
import type { VehicleState } from './vss/vehicleState.js';

export class VehicleBus {
  readonly decoder: FrameDecoder;
  readonly mapper: VssMapper;
  readonly state: VehicleState;

  constructor(codec: DatabaseCodec, mapping: CompiledMapping, options: FrameDecoderOptions = {}) {
    this.decoder = new FrameDecoder(codec, options);
    this.state = VssMapper.stateFor(mapping);
    this.mapper = new VssMapper(mapping, this.state);
  }

  /**
   * Takes one frame: decodes it, maps it, and moves vehicle time to its timestamp (which
   * expires signals that have gone quiet). Returns undefined for a frame on another channel.
   */
  ingest(frame: CanFrame, line?: number): DecodeOutcome | undefined {
    if (!this.decoder.accepts(frame)) {
      this.decoder.framesIgnored += 1;
      return undefined;
    }
    const outcome = this.decoder.decode(frame, line);
    if (outcome.ok) this.mapper.apply(outcome.value);
    this.state.advance(frame.timestamp);
    return outcome;
  }
}
