/** Reading what the simulator drives: a drive-cycle CSV or a scenario JSON of the project's own. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Timeline } from '../common/sim/timeline.js';
import { driveCycleTimeline, parseDriveCycle, scenarioTimeline, TimelineError, validateScenario } from '../common/sim/timeline.js';
import { dataFile } from './projectFiles.js';

export interface LoadedTimeline {
  readonly timeline: Timeline;
  readonly startSocPercent: number | undefined;
}

/** Loads a `.csv` drive cycle or a `.json` scenario. Throws TimelineError naming the file and place. */
export function loadTimeline(path: string): LoadedTimeline {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.csv')) {
    return { timeline: driveCycleTimeline(parseDriveCycle(text, path), `drive cycle ${basename(path)}`), startSocPercent: undefined };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new TimelineError(path, 'the file', 'a drive cycle (.csv) or a scenario (JSON)', error instanceof Error ? error.message : String(error));
  }
  const scenario = validateScenario(document, path);
  return { timeline: scenarioTimeline(scenario), startSocPercent: scenario.startSocPercent };
}

/** The scenarios that ship with Glovebox, by name (file name without .json). */
export function shippedScenarios(): Map<string, string> {
  const folder = dataFile('scenarios');
  return new Map(
    readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => [name.slice(0, -'.json'.length), join(folder, name)]),
  );
}
