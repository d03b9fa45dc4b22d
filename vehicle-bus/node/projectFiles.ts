import { dirname, join } from 'node:path';
import { shippedPath } from '../../base/node/shippedFiles.js';

/**
 * The folder of data files the vehicle bus ships (the simulator's DBC, mappings, scenarios).
 * Found by walking up from this module, so it works from the sources and from build/.
 */
export const VEHICLE_BUS_DATA = dirname(shippedPath(join('vehicle-bus', 'data', 'mapping.schema.json')));

/** The simulated EV's own DBC: what the simulator writes when nothing else is configured. */
export const SIMULATOR_DBC = join(VEHICLE_BUS_DATA, 'glovebox-sim-ev.dbc');

export function dataFile(...parts: string[]): string {
  return join(VEHICLE_BUS_DATA, ...parts);
}
