import { existsSync } from 'node:fs';
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
