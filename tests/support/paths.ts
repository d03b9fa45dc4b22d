import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root: the first folder above this file with the project's package.json. */
export const REPO_ROOT = (() => {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json')) || !existsSync(join(folder, 'vehicle-bus'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('tests must run inside the Glovebox checkout');
    folder = parent;
  }
  return folder;
})();

/**
 * The shared vehicle data (real DBCs, the Kona log, drive cycles, oracles). CI has it beside
 * the checkout as ../shared/data/vehicle; GLOVEBOX_VEHICLE_DATA points elsewhere.
 */
export const VEHICLE_DATA = process.env['GLOVEBOX_VEHICLE_DATA'] ?? resolve(REPO_ROOT, '..', 'shared', 'data', 'vehicle');

/**
 * The skip reason for a test that needs the shared vehicle data, or false when it is there.
 * Every such test has a twin on the project's own fixtures, so a bare clone still covers it.
 */
export const NO_VEHICLE_DATA: string | false = existsSync(VEHICLE_DATA)
  ? false
  : `the shared vehicle data is not at ${VEHICLE_DATA} (set GLOVEBOX_VEHICLE_DATA); the project's own fixtures cover this`;

export function vehicleData(...parts: string[]): string {
  return join(VEHICLE_DATA, ...parts);
}

export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}
