/**
 * The apps Glovebox ships with (miniapps/apps): packed and signed at build time
 * (scripts/pack-apps.mjs) like anyone's, and installed when the head unit starts if they are
 * missing or older. Each package is verified against the bundled-apps key that signed it; that
 * key is trusted for these packages only, not added to the car's trusted keys.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PackageError, publicKeyFromPem } from '../../../miniapps/runtime/node/appPackage.js';
import type { AppInstaller, InstalledApp } from './installer.js';

/** Where the build leaves the signed packages and the public key (build/apps). */
export const BUNDLED_APPS_DIR = fileURLToPath(new URL('../../../apps', import.meta.url));
export const BUNDLED_KEY_FILE = 'bundled-apps.pub.pem';

export interface BundledOutcome {
  readonly installed: readonly InstalledApp[];
  /** Packages left as they are, and why (a newer version installed, a bad package). */
  readonly skipped: readonly string[];
}

export function installBundledApps(installer: AppInstaller, folder = BUNDLED_APPS_DIR): BundledOutcome {
  const keyFile = join(folder, BUNDLED_KEY_FILE);
  if (!existsSync(keyFile)) return { installed: [], skipped: [`no bundled apps at ${folder} (npm run build packs them)`] };
  const key = publicKeyFromPem(readFileSync(keyFile, 'utf8'), keyFile);
  const installed: InstalledApp[] = [];
  const skipped: string[] = [];
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.gbx')).sort()) {
    try {
      installed.push(installer.install(readFileSync(join(folder, name)), [key]));
    } catch (error) {
      if (!(error instanceof PackageError) && !(error instanceof Error)) throw error;
      skipped.push(`${name}: ${error.message}`);
    }
  }
  return { installed, skipped };
}
