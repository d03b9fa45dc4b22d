import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of data files the vehicle bus ships (the simulator's DBC, mappings, scenarios).
 * Found by walking up from this module, so it works from the sources and from build/.
 */
export const VEHICLE_BUS_DATA = ((): string => {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'vehicle-bus', 'data');
    if (existsSync(join(candidate, 'mapping.schema.json'))) return candidate;
    const parent = dirname(folder);
    if (parent === folder) throw new Error('vehicle-bus/data is missing from the Glovebox installation');
    folder = parent;
  }
})();

/** The simulated EV's own DBC: what the simulator writes when nothing else is configured. */
export const SIMULATOR_DBC = join(VEHICLE_BUS_DATA, 'glovebox-sim-ev.dbc');

export function dataFile(...parts: string[]): string {
  return join(VEHICLE_BUS_DATA, ...parts);
}
