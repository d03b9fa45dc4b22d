/**
 * Voice end to end in the simulator, in Debian Chromium: typed utterances spoken by espeak-ng
 * into the simulator's microphone and heard by the real pipeline (offline wake word,
 * endpointing, the grammar of the installed apps' intents, the policy), the cue and the
 * transcript on the head unit's screen, and the timeline in the panel's status.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { RunningSimulator } from '../../sim/node/server.js';
import { MODEL_DIR } from '../../voice/node/commandRecognizer.js';
import { missingSpeechTools } from '../../voice/node/speech.js';
import { chromiumSuite, NO_CHROMIUM } from '../support/browser.js';
import { appView, bundledDataDir, bundledSimulator, CHARGING, control, controlStatus, driveOff, NAVIGATION, onBundledSimulator, openApp, orderAndMakeUsual } from '../support/bundled.js';

const sphinx = spawnSync('/usr/bin/python3', ['-c', 'import pocketsphinx'], { encoding: 'utf8' }).status === 0 && existsSync(`${MODEL_DIR}/en-us.lm.bin`);
const missing = [...missingSpeechTools(), ...(sphinx ? [] : ['python3-pocketsphinx', 'pocketsphinx-en-us'])];
const SKIP = NO_CHROMIUM || (missing.length > 0 ? `needs ${missing.join(', ')} (npm test installs them where apt is usable)` : false);

interface VoiceStatus {
  readonly voice: ReadonlyArray<{ readonly t: number; readonly event: string; readonly text: string }>;
}

/** The simulator's status, once. */
const status = (simulator: RunningSimulator): Promise<VoiceStatus> => controlStatus<VoiceStatus>(simulator.url);

// A hung pipeline or browser fails the run within minutes instead of stalling it.
describe('voice in the simulator', { skip: SKIP, timeout: 240_000 }, () => {
  const chromium = chromiumSuite();

  const onSimulator = (use: (page: Page, simulator: RunningSimulator) => Promise<void>): Promise<void> => onBundledSimulator(chromium.browser, (folder) => chromium.keep(folder), use, true);


  /**
   * Says a wake-word command, and once more if nothing came of it: a synthetic voice misses the
   * offline wake word now and then (see bench/results/voice.txt), as a driver is sometimes not
   * heard, and repeats. A second miss fails the test.
   */
  const sayWoken = async (simulator: RunningSimulator, text: string, heard: () => Promise<unknown>): Promise<void> => {
    await control(simulator, { t: 'say', text });
    try {
      await heard();
    } catch {
      await control(simulator, { t: 'say', text });
      await heard();
    }
  };

  const drive = driveOff;


  test('"Hey Glovebox, find a charger" while moving: the cue, then Charging opens on its reachable list; the timeline shows each step', async () => {
    await onSimulator(async (page, simulator) => {
      await drive(page, simulator);
      await sayWoken(simulator, 'Hey Glovebox, find a charger', () => page.locator('[data-testid=voice-bar]').waitFor({ timeout: 12_000 }));
      await page.locator(`[data-testid=app-view]`).waitFor({ timeout: 15_000 });
      await appView(page).locator('.notice', { hasText: 'The nearest chargers you can reach' }).waitFor({ timeout: 15_000 });
      assert.equal(await page.getByTestId('voice-transcript').innerText(), '“find a charger”');
      const timeline = (await status(simulator)).voice;
      const events = timeline.map((entry) => entry.event);
      for (const event of ['wake', 'transcript', 'intent', 'decision']) assert.ok(events.includes(event), `${event} in ${JSON.stringify(timeline)}`);
      assert.ok(timeline.some((entry) => entry.event === 'intent' && entry.text === `${CHARGING}.findCharger`), JSON.stringify(timeline));
    });
  });

  test('moving, the microphone drawn in place of a search field starts listening; no Search button is left to lie', async () => {
    await onSimulator(async (page, simulator) => {
      await drive(page, simulator);
      await openApp(page, NAVIGATION);
      await appView(page).getByTestId('voice-instead').click();
      await page.locator('[data-testid=voice-bar][data-state=listening]').waitFor({ timeout: 15_000 });
      // The search button is gone with the keyboard: nothing on screen answers "type two letters".
      assert.equal(await appView(page).locator('button.go').count(), 0);
    });
  });

  test("from the panel, as a tester does: the head unit's reply is heard (a click in the panel lets its frame speak)", async () => {
    const data = chromium.keep(bundledDataDir());
    const simulator = await bundledSimulator(data, undefined, undefined, true);
    try {
      const panel = await chromium.browser.newPage({ viewport: { width: 1800, height: 1000 } });
      await panel.goto(`${simulator.url}panel`);
      const unit = panel.frameLocator('[data-testid=head-unit]');
      await unit.getByTestId('driving-state').getByText('PARKED').waitFor();
      // Out of grammar on purpose. The grammar may still force it onto a command ("take me to
      // hotel" was heard here once, with a low margin): either way there is a spoken answer,
      // and nothing acts on the guess.
      await panel.getByTestId('utterance').fill('Hey Glovebox, tell me a joke');
      await panel.getByTestId('say').click();
      const frame = panel.frames().find((each) => each.parentFrame() === panel.mainFrame());
      assert.ok(frame, 'the head unit frame');
      await unit
        .getByTestId('voice-reply')
        .waitFor({ timeout: 20_000 })
        .catch(async (error: unknown) => assert.fail(`${String(error)}\nvoice timeline: ${JSON.stringify((await status(simulator)).voice)}`));
      await frame.waitForFunction(() => performance.getEntriesByName('gb:voice-audio').some((entry) => ((entry as PerformanceMark).detail as { what: string; phase: string }).what === 'reply' && ((entry as PerformanceMark).detail as { phase: string }).phase === 'played'), undefined, { timeout: 20_000 });
      const timeline = (await status(simulator)).voice;
      assert.ok(!timeline.some((entry) => entry.event === 'decision' && entry.text.startsWith('confirmed')), JSON.stringify(timeline));
      assert.equal((await controlStatus<{ navigation: unknown }>(simulator.url)).navigation, null, `no route from a guess: ${JSON.stringify(timeline)}`);
      await panel.close();
    } finally {
      await simulator.close();
    }
  });

  test('"reorder my usual" while moving: read back, ordered only after "confirm"; anything else cancels', async () => {
    await onSimulator(async (page, simulator) => {
      // Parked: an order from the menu, made the usual.
      await orderAndMakeUsual(page);
      await drive(page, simulator);
      // Moving: the command by push-to-talk (the wake word is the first test's); the payment is
      // read back and waits for a spoken answer.
      const dialog = page.getByTestId('system-dialog');
      assert.match(await control(simulator, { t: 'say', text: 'reorder my usual' }), /\(push-to-talk\)/);
      await dialog.waitFor({ timeout: 40_000 });
      assert.equal(await dialog.getAttribute('data-voice-only'), 'true');
      await page.getByTestId('voice-reply').getByText('Say "yes" to pay, or "cancel".', { exact: false }).waitFor({ timeout: 15_000 });
      // One wording: the dialog shows the question the assistant asks.
      assert.match(await dialog.innerText(), /Say "yes" to pay, or "cancel"\./);
      await page.locator('[data-testid=voice-bar][data-state=listening]').waitFor({ timeout: 15_000 });
      // "tell me a joke" is not a yes: cancelled, nothing ordered.
      await control(simulator, { t: 'say', text: 'tell me a joke' });
      await page.getByTestId('voice-reply').getByText('Cancelled.').waitFor({ timeout: 15_000 });
      await dialog.waitFor({ state: 'detached' });
      // Again, and this time "confirm". On a loaded machine the offline recogniser sometimes hears
      // nothing of the answer (see bench/results/voice.txt): the payment is cancelled, as it must
      // be, and the driver asks once more, as a driver would. A second miss fails the test.
      const ordered = appView(page).locator('.status', { hasText: 'The restaurant has your order' });
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        // A command not heard at all is said again, as with the wake word above.
        await control(simulator, { t: 'say', text: 'reorder my usual' });
        await dialog.waitFor({ timeout: 25_000 }).catch(async () => {
          await control(simulator, { t: 'say', text: 'reorder my usual' });
          await dialog.waitFor({ timeout: 25_000 });
        });
        await page.locator('[data-testid=voice-bar][data-state=listening]').waitFor({ timeout: 15_000 });
        await control(simulator, { t: 'say', text: 'confirm' });
        // The voice bar's reply is the last thing said: "Cancelled." only if this answer was not heard.
        const outcome = await Promise.race([ordered.waitFor({ timeout: 40_000 }).then(() => 'ordered'), page.getByTestId('voice-reply').getByText('Cancelled.').waitFor({ timeout: 40_000 }).then(() => 'cancelled')]).catch(() => 'neither');
        if (outcome !== 'cancelled') break;
      }
      await appView(page)
        .locator('.status', { hasText: 'The restaurant has your order' })
        .waitFor({ timeout: 40_000 })
        .catch(async (error: unknown) => assert.fail(`${String(error)}\nvoice timeline: ${JSON.stringify((await status(simulator)).voice)}`));
      const timeline = (await status(simulator)).voice;
      assert.ok(timeline.some((entry) => entry.event === 'decision' && entry.text.startsWith('confirmed: Food')), JSON.stringify(timeline));
      assert.ok(timeline.some((entry) => entry.event === 'decision' && /not confirmed/.test(entry.text)), JSON.stringify(timeline));
      // The driver heard it: each reply's samples played through the page's audio (the taps
      // above are the gesture a browser tab wants), and the earcons of each turn.
      const sounds = await page.evaluate(() => performance.getEntriesByName('gb:voice-audio').map((entry) => (entry as PerformanceMark).detail as { what: string; phase: string; samples: number; context: string }));
      assert.ok(sounds.some((sound) => sound.what === 'reply' && sound.phase === 'played' && sound.samples > 1600 && sound.context === 'running'), JSON.stringify(sounds));
      for (const cue of ['listening', 'thinking', 'done']) assert.ok(sounds.some((sound) => sound.what === cue && sound.phase === 'played'), `${cue}: ${JSON.stringify(sounds)}`);
    });
  });
});
