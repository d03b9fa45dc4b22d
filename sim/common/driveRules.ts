/**
 * What the tester may ask of the simulated car: the physics a real car keeps. A speed is given
 * as a magnitude (the timeline's is signed, negative while reversing); the car cannot move in P,
 * reverses at walking pace, and stops before changing between forward and reverse. Refusals are
 * sentences a tester reads in the panel's notice line.
 */
import type { DriverInput } from '../../vehicle-bus/common/sim/timeline.js';

/** The fastest a car reverses, km/h (production cars limit reverse to about this). */
export const REVERSE_MAX_KMH = 20;

const GEAR_NAMES: Readonly<Record<DriverInput['gear'], string>> = { P: 'P (park)', R: 'R (reverse)', N: 'N (neutral)', D: 'D (drive)' };

function direction(gear: DriverInput['gear']): 'forward' | 'reverse' | 'none' {
  return gear === 'R' ? 'reverse' : gear === 'D' ? 'forward' : 'none';
}

/**
 * The inputs to hold when `change` is asked of a car whose inputs are `now`, with the speed's sign
 * set by the gear; or why the car cannot do it.
 */
export function checkDrive(now: DriverInput, change: Partial<DriverInput>): Partial<DriverInput> | string {
  if (change.speedKmh !== undefined && change.speedKmh < 0) return `A speed is from 0 km/h up (found ${change.speedKmh} km/h); to reverse, choose R and a speed up to ${REVERSE_MAX_KMH} km/h`;
  const gear = change.gear ?? now.gear;
  const speed = change.speedKmh ?? Math.abs(now.speedKmh);
  if (change.gear !== undefined && change.speedKmh === undefined && Math.abs(now.speedKmh) > 0 && direction(now.gear) !== 'none' && direction(change.gear) !== 'none' && direction(now.gear) !== direction(change.gear)) {
    return `Stop first: changing from ${now.gear} to ${change.gear} needs 0 km/h (moving at ${Math.abs(now.speedKmh).toFixed(0)} km/h)`;
  }
  if (gear === 'P' && speed > 0) return `The car cannot move in P: hold 0 km/h, or choose D (asked ${speed} km/h in P)`;
  if (gear === 'R' && speed > REVERSE_MAX_KMH) return `Reverse tops out at ${REVERSE_MAX_KMH} km/h (asked ${speed} km/h in R)`;
  const held: { -readonly [K in keyof DriverInput]?: DriverInput[K] } = { ...change };
  // The timeline's speed is signed; a held speed follows the gear it is held in.
  if (change.speedKmh !== undefined || (change.gear !== undefined && now.speedKmh !== 0)) held.speedKmh = gear === 'R' ? -speed : speed;
  return held;
}

/** What is held, as the panel says it: "holding D at 40 km/h, parking brake off". */
export function describeHeld(held: Partial<DriverInput>): string {
  const parts: string[] = [];
  const speed = held.speedKmh === undefined ? '' : ` at ${Math.abs(held.speedKmh).toFixed(0)} km/h`;
  if (held.gear !== undefined) parts.push(`${GEAR_NAMES[held.gear]}${speed}`);
  else if (held.speedKmh !== undefined) parts.push(`${Math.abs(held.speedKmh).toFixed(0)} km/h`);
  if (held.parkingBrake !== undefined) parts.push(`parking brake ${held.parkingBrake ? 'on' : 'off'}`);
  if (held.chargeKw !== undefined) parts.push(held.chargeKw > 0 ? `charging at ${held.chargeKw} kW` : 'unplugged');
  return parts.length === 0 ? 'holding nothing: the timeline drives' : `holding ${parts.join(', ')}`;
}
