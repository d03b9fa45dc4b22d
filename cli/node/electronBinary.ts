/**
 * Whether this machine can run the Electron kiosk: the binary the electron package downloads
 * at install (node_modules/electron/dist, named in path.txt), or GLOVEBOX_ELECTRON. On this
 * machine it cannot be downloaded, so `npm start` runs the simulator and says why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { readonly path: string } | { readonly missing: string };

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const override = env['GLOVEBOX_ELECTRON'];
  if (override) return existsSync(override) ? { path: override } : { missing: `GLOVEBOX_ELECTRON names ${override}, which does not exist` };
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: `the electron package has no binary (${join(packageDir, 'dist')} was never downloaded)` };
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { missing: `${binary} is missing` };
}
