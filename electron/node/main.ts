/**
 * The Electron main process entry (`electron build/electron/node/main.js`): the real Electron
 * module into the shell, and the head unit the OEM config describes (GLOVEBOX_CONFIG, else the
 * built-in simulated EV): its bus source, display, apps, look, and voice on the car's microphone.
 * Not run here: this machine has no Electron binary.
 */
import * as electron from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicy } from '../../safety/node/policyFiles.js';
import type { LoadedConfig } from '../../services/node/config/configFile.js';
import { defaultConfig, loadConfigFile } from '../../services/node/config/configFile.js';
import { configuredHeadUnit, replyVoice, wakeSettings } from '../../services/node/config/configuredHeadUnit.js';
import { formatAppProblem } from '../../services/node/apps/appProblems.js';
import { configuredFrames } from '../../services/node/config/vehicleConfig.js';
import type { UiSettings } from '../../services/common/uiSettings.js';
import { dataDirectory } from '../../services/node/storage/database.js';
import { MicrophoneAudio } from '../../voice/node/audioSources.js';
import { SynthesizingSpeaker } from '../../voice/node/speaker.js';
import { builtPaths, prepareShell, startShell } from './shell.js';

const log = (line: string): void => console.log(`glovebox: ${line}`);

function readConfig(): LoadedConfig {
  const file = process.env['GLOVEBOX_CONFIG'];
  const loaded = file ? loadConfigFile(file) : { file: null, config: defaultConfig(), policy: loadPolicy('EU_ESOP'), problems: [] };
  // The tester's --policy (npm start -- --policy) replaces a sound config's policy, never a broken config's restriction.
  const override = process.env['GLOVEBOX_POLICY'];
  return override && loaded.problems.length === 0 ? { ...loaded, policy: loadPolicy(override) } : loaded;
}

if (prepareShell(electron)) {
  const stop = new AbortController();
  electron.app.on('will-quit', () => stop.abort());
  const { rendererDir, preload } = builtPaths(dirname(fileURLToPath(import.meta.url)));
  const loaded = readConfig();
  const screen = loaded.config.displays[0] ?? { width: 1920, height: 720 };
  let settings: UiSettings | undefined;
  void startShell(electron, {
    rendererDir,
    preload,
    display: { width: screen.width, height: screen.height },
    log,
    settings: () => settings,
    services: () => {
      const configured = configuredHeadUnit(loaded, { dataDir: dataDirectory() });
      settings = configured.ui;
      for (const notice of configured.notices) log(notice);
      configured.services.appProblems.onProblem((problem) => log(`app ${formatAppProblem(problem)}`));
      const { services, vehicle } = configured;
      void (async () => {
        for await (const frame of configuredFrames(loaded.config, vehicle, stop.signal)) services.ingest(frame);
      })().catch((error: unknown) => log(`the vehicle source stopped: ${error instanceof Error ? error.message : String(error)}`));
      if (loaded.config.voice.enabled) {
        const assistant = services.startVoice({
          wake: wakeSettings(loaded.config),
          source: new MicrophoneAudio(loaded.config.voice.microphone ?? undefined, (message) => log(`microphone: ${message}`)),
          speaker: new SynthesizingSpeaker((text, wav) => services.speak(text, wav ? Buffer.from(wav).toString('base64') : null), replyVoice(loaded.config)),
        });
        if (assistant.notice) log(assistant.notice);
      }
      return services;
    },
  }).catch((error: unknown) => {
    console.error('glovebox: the shell did not start:', error);
    electron.app.exit(1);
  });
}
