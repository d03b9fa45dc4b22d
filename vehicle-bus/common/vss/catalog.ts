/**
 * The COVESA VSS 4.2 signals Glovebox reads, with their datatype, unit and allowed range or
 * values as the specification gives them (a test checks this table against the VSS CSV).
 * A mapping may name other paths if it gives their datatype.
 */

export type VssDatatype = 'boolean' | 'string' | 'float' | 'double' | 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32';

export interface VssSignalSpec {
  readonly datatype: VssDatatype;
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  readonly allowed?: readonly string[];
}

export const VSS_CATALOG: Readonly<Record<string, VssSignalSpec>> = {
  'Vehicle.Speed': { datatype: 'float', unit: 'km/h' },
  'Vehicle.TraveledDistance': { datatype: 'float', unit: 'km' },
  'Vehicle.Powertrain.Transmission.SelectedGear': { datatype: 'int8' },
  'Vehicle.Powertrain.Transmission.CurrentGear': { datatype: 'int8' },
  'Vehicle.Chassis.ParkingBrake.IsEngaged': { datatype: 'boolean' },
  'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current': { datatype: 'float', unit: 'percent', min: 0, max: 100 },
  'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed': { datatype: 'float', unit: 'percent', min: 0, max: 100 },
  'Vehicle.Powertrain.TractionBattery.CurrentVoltage': { datatype: 'float', unit: 'V' },
  'Vehicle.Powertrain.TractionBattery.CurrentCurrent': { datatype: 'float', unit: 'A' },
  'Vehicle.Powertrain.TractionBattery.Charging.IsCharging': { datatype: 'boolean' },
  'Vehicle.Powertrain.Range': { datatype: 'uint32', unit: 'm' },
  'Vehicle.CurrentLocation.Latitude': { datatype: 'double', unit: 'degrees', min: -90, max: 90 },
  'Vehicle.CurrentLocation.Longitude': { datatype: 'double', unit: 'degrees', min: -180, max: 180 },
  'Vehicle.LowVoltageSystemState': { datatype: 'string', allowed: ['UNDEFINED', 'LOCK', 'OFF', 'ACC', 'ON', 'START'] },
};

/** The VSS paths the platform itself reads (the status bar, the safety policy, the simulator). */
export const VSS = {
  speed: 'Vehicle.Speed',
  selectedGear: 'Vehicle.Powertrain.Transmission.SelectedGear',
  parkingBrake: 'Vehicle.Chassis.ParkingBrake.IsEngaged',
  lowVoltageState: 'Vehicle.LowVoltageSystemState',
  stateOfCharge: 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed',
  range: 'Vehicle.Powertrain.Range',
  latitude: 'Vehicle.CurrentLocation.Latitude',
  longitude: 'Vehicle.CurrentLocation.Longitude',
} as const;

/** VSS SelectedGear codes of the selector positions: 126 Park, 127 Drive, 0 Neutral, -1 the first reverse gear. */
export const GEAR_CODES = { P: 126, R: -1, N: 0, D: 127 } as const;
export type GearLetter = keyof typeof GEAR_CODES;
export const GEAR_LETTERS = Object.keys(GEAR_CODES) as readonly GearLetter[];
export const GEAR_PARK = GEAR_CODES.P;
export const GEAR_DRIVE = GEAR_CODES.D;
export const GEAR_NEUTRAL = GEAR_CODES.N;

/** The selector letter of a SelectedGear code, or null for a numbered gear (a manual's 3rd is shown as 3). */
export function gearLetter(code: number): GearLetter | null {
  return GEAR_LETTERS.find((letter) => GEAR_CODES[letter] === code) ?? null;
}

const INTEGER_RANGES: Partial<Record<VssDatatype, readonly [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
};

export type VssValue = number | boolean | string;

/**
 * Turns a transformed value into the VSS datatype, or explains why it cannot be one
 * (NaN, out of the spec's range, not an allowed value). Integers are rounded.
 */
export function coerceVssValue(spec: VssSignalSpec, value: VssValue): { ok: true; value: VssValue } | { ok: false; reason: string } {
  switch (spec.datatype) {
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (typeof value === 'number' && (value === 0 || value === 1)) return { ok: true, value: value === 1 };
      return { ok: false, reason: `expected a boolean (or 0/1), found ${JSON.stringify(value)}` };
    case 'string':
      if (typeof value !== 'string') return { ok: false, reason: `expected a string, found ${JSON.stringify(value)}` };
      if (spec.allowed && !spec.allowed.includes(value)) {
        return { ok: false, reason: `expected one of ${spec.allowed.join(', ')}, found "${value}"` };
      }
      return { ok: true, value };
    default: {
      const number = typeof value === 'boolean' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) {
        return { ok: false, reason: `expected a finite number, found ${JSON.stringify(value)}` };
      }
      const range = INTEGER_RANGES[spec.datatype];
      const result = range ? Math.round(number) : number;
      const min = spec.min ?? range?.[0];
      const max = spec.max ?? range?.[1];
      if ((min !== undefined && result < min) || (max !== undefined && result > max)) {
        return { ok: false, reason: `${result} is outside ${min ?? '-∞'}..${max ?? '∞'}` };
      }
      return { ok: true, value: result };
    }
  }
}
