/**
 * The Electron main process entry (`electron build/electron/node/main.js`): the real Electron
 * module into the shell, the services on the simulated vehicle until the OEM config names the
 * car's sources (issue 9). Not run here: this machine has no Electron binary.
 */
import * as electron from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicy } from '../../safety/node/policyFiles.js';
import { installBundledApps } from '../../services/node/apps/bundled.js';
import { HeadUnitServices } from '../../services/node/headUnit.js';
import { dataDirectory } from '../../services/node/storage/database.js';
import { ControlledTimeline } from '../../vehicle-bus/common/sim/controlledTimeline.js';
import { DEFAULT_ROUTE, Route } from '../../vehicle-bus/common/sim/route.js';
import { loadDbcCodec } from '../../vehicle-bus/node/loadDbc.js';
import { findShippedMapping } from '../../vehicle-bus/node/mappingFiles.js';
import { SIMULATOR_DBC } from '../../vehicle-bus/node/projectFiles.js';
import { SimulatorSource } from '../../vehicle-bus/node/simulatorSource.js';
import { loadTimeline, shippedScenarios } from '../../vehicle-bus/node/timelineFiles.js';
import { builtPaths, prepareShell, startShell } from './shell.js';

const DISPLAY = { width: 1920, height: 720 };

if (prepareShell(electron)) {
  const stop = new AbortController();
  electron.app.on('will-quit', () => stop.abort());
  const { rendererDir, preload } = builtPaths(dirname(fileURLToPath(import.meta.url)));
  void startShell(electron, {
    rendererDir,
    preload,
    display: DISPLAY,
    log: (line) => console.log(`glovebox: ${line}`),
    services: () => {
      const codec = loadDbcCodec(SIMULATOR_DBC);
      const mapping = findShippedMapping(codec.database);
      const services = new HeadUnitServices({ dataDir: dataDirectory(), policy: loadPolicy(process.env['GLOVEBOX_POLICY'] ?? 'EU_ESOP'), codec, mapping, screen: DISPLAY });
      // The apps the car ships with, verified like anyone's (their backends are their own https servers).
      for (const problem of installBundledApps(services.installer).skipped) console.error(`glovebox: bundled app not installed: ${problem}`);
      const scenario = shippedScenarios().get('city-loop');
      if (scenario) {
        const { timeline, startSocPercent } = loadTimeline(scenario);
        void (async () => {
          const source = new SimulatorSource({ timeline: new ControlledTimeline(timeline), codec, mapping, route: new Route(DEFAULT_ROUTE), startSocPercent }, 1);
          for await (const frame of source.frames(stop.signal)) services.ingest(frame);
        })();
      }
      return services;
    },
  }).catch((error: unknown) => {
    console.error('glovebox: the shell did not start:', error);
    electron.app.exit(1);
  });
}
