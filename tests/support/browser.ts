import { existsSync, rmSync } from 'node:fs';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env['GLOVEBOX_CHROMIUM'] ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or false. */
export const NO_CHROMIUM: string | false = existsSync(CHROMIUM)
  ? false
  : `Debian Chromium is not at ${CHROMIUM} (npm test installs it where apt is usable: apt-get install chromium; or set GLOVEBOX_CHROMIUM)`;

/**
 * Debian's Chromium, headless. As root there is no user namespace for Chromium's sandbox, so
 * it runs with --no-sandbox; the background-networking switches keep it off a network this
 * machine does not have.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/**
 * Chromium for one describe block: launched before its tests and closed after them, with the
 * folders its tests made (`keep`) removed. Call it in the describe's body.
 */
export function chromiumSuite(extraArgs: readonly string[] = []): { readonly browser: Browser; keep(folder: string): string } {
  let launched: Browser | undefined;
  const folders: string[] = [];
  before(async () => {
    launched = await launchChromium(extraArgs);
  });
  after(async () => {
    await launched?.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });
  return {
    get browser(): Browser {
      if (!launched) throw new Error('Chromium is started before the suite’s tests');
      return launched;
    },
    keep(folder: string): string {
      folders.push(folder);
      return folder;
    },
  };
}
