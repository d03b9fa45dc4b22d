/** Reading what the simulator drives: a drive-cycle CSV, or a scenario of the project's own in JSON or YAML. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Timeline } from '../common/sim/timeline.js';
import { driveCycleTimeline, parseDriveCycle, scenarioTimeline, TimelineError, validateScenario } from '../common/sim/timeline.js';
import { dataFile } from './projectFiles.js';

export interface LoadedTimeline {
  readonly timeline: Timeline;
  readonly startSocPercent: number | undefined;
}

const SCENARIO_EXTENSIONS = ['.json', '.yaml', '.yml'];

/** `segments[2].gear` as the keys and indexes it names. */
function pathParts(where: string): Array<string | number> {
  return [...where.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] !== undefined ? Number(match[2]) : (match[1] as string)));
}

/**
 * A YAML scenario: YAML's own errors with their line and column; the scenario's problems with
 * the line of the value at fault, so a tester's hand-written file is easy to mend.
 */
function loadYamlScenario(text: string, path: string): LoadedTimeline {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const [problem] = document.errors;
  if (problem) {
    const at = lines.linePos(problem.pos[0]);
    throw new TimelineError(path, `line ${at.line}, column ${at.col}`, 'a YAML scenario', problem.message);
  }
  try {
    const scenario = validateScenario(document.toJS(), path);
    return { timeline: scenarioTimeline(scenario), startSocPercent: scenario.startSocPercent };
  } catch (error) {
    if (!(error instanceof TimelineError)) throw error;
    const parts = pathParts(error.where);
    // The value at fault, or the nearest thing above it that the file has.
    let node: unknown;
    while (parts.length > 0 && !isNode((node = document.getIn(parts, true)))) parts.pop();
    const range = isNode(node) ? node.range : document.contents?.range;
    if (!range) throw error;
    const at = lines.linePos(range[0]);
    throw new TimelineError(path, `line ${at.line} (${error.where})`, error.expected, error.found);
  }
}

/**
 * Loads a `.csv` drive cycle, or a scenario in `.json`, `.yaml` or `.yml`. Throws TimelineError
 * naming the file and place.
 */
export function loadTimeline(path: string): LoadedTimeline {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.csv')) {
    return { timeline: driveCycleTimeline(parseDriveCycle(text, path), `drive cycle ${basename(path)}`), startSocPercent: undefined };
  }
  if (path.endsWith('.yaml') || path.endsWith('.yml')) return loadYamlScenario(text, path);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new TimelineError(path, 'the file', 'a drive cycle (.csv) or a scenario (.json, .yaml)', error instanceof Error ? error.message : String(error));
  }
  const scenario = validateScenario(document, path);
  return { timeline: scenarioTimeline(scenario), startSocPercent: scenario.startSocPercent };
}

/** The scenarios that ship with Glovebox, by name (file name without its extension). */
export function shippedScenarios(): Map<string, string> {
  const folder = dataFile('scenarios');
  return new Map(
    readdirSync(folder)
      .filter((name) => SCENARIO_EXTENSIONS.some((extension) => name.endsWith(extension)))
      .sort()
      .map((name) => [name.slice(0, name.lastIndexOf('.')), join(folder, name)]),
  );
}
