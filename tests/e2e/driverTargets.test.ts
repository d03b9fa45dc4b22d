/**
 * The system's controls as a driver meets them, night and day, parked and moving: every touch
 * target at least 76 px on its short side (the automotive minimum for a target touched while
 * moving) and every text the driver reads at least 7:1 against what is behind it. The figures per
 * screen are printed, so a closing note can quote the minimums.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumSuite, NO_CHROMIUM } from '../support/browser.js';
import { appView, bundledDataDir, bundledSimulator, CHARGING, driveOff, NAVIGATION, onPage, openApp } from '../support/bundled.js';
import { repoPath } from '../support/paths.js';
import { measureSystem, said, smallest } from '../support/targets.js';

const MIN_TARGET_PX = 76;
const MIN_CONTRAST = 7;

describe('the system’s targets and texts', { skip: NO_CHROMIUM }, () => {
  const suite = chromiumSuite();

  /** Measures the screen as it is; says each target or text below the rules. */
  async function check(page: Page, screen: string, problems: string[]): Promise<void> {
    const figures = await measureSystem(page);
    console.log(`${screen}: smallest target ${said(smallest(figures.targets), ' px')}, lowest contrast ${said(smallest(figures.contrasts), ':1')}`);
    for (const target of figures.targets) if (target.value < MIN_TARGET_PX) problems.push(`${screen}: ${target.selector} "${target.text}" is ${target.value} px`);
    for (const text of figures.contrasts) if (text.value < MIN_CONTRAST) problems.push(`${screen}: ${text.selector} "${text.text}" has ${text.value}:1`);
  }

  /** The day palette as services give it by default (the OEM config's schema). */
  const dayPalette = (JSON.parse(readFileSync(repoPath('services', 'data', 'config.schema.json'), 'utf8')) as { properties: { theme: { properties: { day: { default: Record<string, string> } } } } }).properties.theme.properties.day.default;

  async function day(page: Page): Promise<void> {
    await page.evaluate((palette) => {
      const root = document.documentElement;
      root.dataset['theme'] = 'day';
      for (const [name, value] of Object.entries(palette)) root.style.setProperty(`--gb-${name}`, value ?? '');
    }, dayPalette);
  }

  test('targets ≥ 76 px and texts ≥ 7:1 on the launcher, in apps, in a payment dialog, parked and moving, night and day', async () => {
    const simulator = await bundledSimulator(suite.keep(bundledDataDir()));
    const problems: string[] = [];
    try {
      await onPage(suite.browser, simulator.url, { width: 1920, height: 720 }, async (page) => {
        await page.getByTestId('app-tile').first().waitFor();
        // Each bundled app by the icon in its package, drawn (not a broken picture).
        const icons = page.locator('img[data-testid=app-icon]');
        await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('img[data-testid=app-icon]')].filter((image) => image.complete && image.naturalWidth > 0).length >= 3);
        assert.equal(await icons.count(), 3, 'Navigation, Charging and Food each show their own icon');
        await check(page, 'night, launcher', problems);
        await openApp(page, CHARGING);
        await appView(page).locator('.row').first().waitFor();
        await check(page, 'night, Charging', problems);
        await appView(page).locator('.row .summary', { hasText: /[1-9]\d* of \d+ free/ }).first().click();
        await page.getByTestId('back').waitFor();
        await check(page, "night, Charging's charger page", problems);
        // A money dialog: its choices are system targets too.
        await appView(page).locator('button.start').first().click();
        await page.getByTestId('system-dialog').waitFor();
        await check(page, 'night, payment dialog', problems);
        await page.getByTestId('dialog-choice').first().click();
        await page.getByTestId('home').click();
        await openApp(page, NAVIGATION);
        await driveOff(page, simulator);
        await check(page, 'night, Navigation moving', problems);
        await page.getByTestId('home').click();
        await check(page, 'night, launcher moving', problems);
        await day(page);
        await check(page, 'day, launcher moving', problems);
        await openApp(page, CHARGING);
        await check(page, "day, Charging's charger page moving", problems);
      });
    } finally {
      await simulator.close();
    }
    assert.deepStrictEqual(problems, []);
  });
});
