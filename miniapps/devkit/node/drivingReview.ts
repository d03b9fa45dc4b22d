/**
 * The driving-safety review of a mini-app, before it ships: what the head unit would cut, cover
 * or refuse while the car moves, found at the developer's desk instead, against the budgets a
 * policy sets for the app's category on the driver's screen (the strictest moving band):
 * - a driving task deeper than the policy lets a driver go, or longer than its touch budget;
 * - a driving-optimised page with a text field no voice intent can fill (the policy's
 *   NO_KEYBOARD turns the keyboard off while moving), or a video (NO_VIDEO hides it);
 * - a list on a driving-optimised page written with more items than the policy shows;
 * - a voice intent that opens a page the driver cannot see while moving, or that has one sample
 *   utterance (drivers word things differently).
 * Each finding points at its file, line and column.
 */
import { compileAppFiles } from '../../runtime/node/appFiles.js';
import type { CompiledApp } from '../../runtime/common/format/app.js';
import type { MarkupNode } from '../../runtime/common/template/markup.js';
import { parseMarkup } from '../../runtime/common/template/markup.js';
import type { Category, Policy } from '../../../safety/common/policy.js';
import { ruleToSet } from '../../../safety/common/policy.js';
import type { Flag, RestrictionSet } from '../../../safety/common/restrictions.js';
import { combine } from '../../../safety/common/restrictions.js';
import type { ScreenRules } from '../../../safety/common/screenRules.js';
import { depthAllowed, screenRules } from '../../../safety/common/screenRules.js';
import { positioned, positionOf } from '../../../base/node/jsonPositions.js';

export interface ReviewFinding {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  /** `line:column`, or empty for the whole file. */
  readonly at: string;
  readonly problem: string;
}

/** The strictest the driver's screen gets for this category while moving (every band). */
export function movingBudget(policy: Policy, category: Category): RestrictionSet {
  const bands = Object.values(policy.restrictions.MOVING).map((rules) => ruleToSet(rules.driver));
  const categoryRule = policy.categories[category]?.MOVING;
  return combine(...bands, ...(categoryRule ? [ruleToSet(categoryRule)] : []));
}

/** Components the screen rules turn off while moving (the same rules the head unit draws by), with the flag that says so. */
const RESTRICTED: ReadonlyArray<{ readonly tags: readonly string[]; readonly off: (rules: ScreenRules) => boolean; readonly flag: Flag; readonly what: string }> = [
  { tags: ['input', 'textarea'], off: (rules) => !rules.keyboard, flag: 'NO_KEYBOARD', what: 'turns the keyboard off while moving (the field offers "Say it" instead)' },
  { tags: ['video', 'live-player'], off: (rules) => !rules.video, flag: 'NO_VIDEO', what: 'hides video while moving (a placeholder takes its place)' },
];

function* elements(nodes: readonly MarkupNode[]): Generator<Extract<MarkupNode, { type: 'element' }>> {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    yield node;
    yield* elements(node.children);
  }
}

/** The items of a `wx:for="{{[…]}}"` written as a literal array, counted (undefined when not literal). */
function literalItems(value: string): number | undefined {
  const inner = /^\s*\{\{\s*\[(.*)\]\s*\}\}\s*$/s.exec(value)?.[1];
  if (inner === undefined) return undefined;
  if (inner.trim() === '') return 0;
  let depth = 0;
  let items = 1;
  let quote: string | null = null;
  for (const character of inner) {
    if (quote) {
      if (character === quote) quote = null;
    } else if (character === '"' || character === "'") quote = character;
    else if ('[{('.includes(character)) depth += 1;
    else if (']})'.includes(character)) depth -= 1;
    else if (character === ',' && depth === 0) items += 1;
  }
  return items;
}

/** Reviews an app folder's files (as read by readAppFolder) against `policy`. */
export function reviewForDriving(files: ReadonlyMap<string, Uint8Array>, policy: Policy, compiled: CompiledApp = compileAppFiles(files)): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  const { car } = compiled.manifest;
  const budget = movingBudget(policy, car.category as Category);
  // What the head unit draws by while moving: the one screen decision the renderer and host APIs use too.
  const rules = screenRules(budget, false);
  const manifestText = positioned(new TextDecoder().decode(files.get('app.json') ?? new Uint8Array()));
  const at = (pointer: string): string => {
    const position = positionOf(manifestText, pointer);
    return position ? `${position} (${pointer})` : pointer;
  };
  const optimisedPages = car.drivingOptimisedPages ?? [];
  const optimised = new Set(optimisedPages);
  const { maxTaskSteps } = budget.params;
  const { maxDepth: maxContentDepth, maxListItems } = rules;

  car.drivingTasks?.forEach((task, index) => {
    const depth = task.pages.length - 1;
    if (!depthAllowed(rules, depth)) {
      findings.push({ severity: 'error', file: 'app.json', at: at(`/car/drivingTasks/${index}/pages`), problem: `driving task "${task.name}" goes ${depth} pages deep; ${policy.name} lets a driver go ${maxContentDepth} deep while moving (${car.category}): the last pages would wait until parked` });
    }
    if (maxTaskSteps !== null && depth > maxTaskSteps) {
      findings.push({ severity: 'error', file: 'app.json', at: at(`/car/drivingTasks/${index}/pages`), problem: `driving task "${task.name}" takes at least ${depth} touches; ${policy.name} allows ${maxTaskSteps} while moving: finish it by voice` });
    }
  });

  car.voiceIntents?.forEach((intent, index) => {
    if (intent.page !== undefined && !optimised.has(intent.page)) {
      findings.push({ severity: 'error', file: 'app.json', at: at(`/car/voiceIntents/${index}/page`), problem: `voice intent "${intent.name}" opens ${intent.page}, which is covered while moving (not in car.drivingOptimisedPages): the driver asks and sees nothing` });
    }
    if (intent.utterances.length < 2) {
      findings.push({ severity: 'warning', file: 'app.json', at: at(`/car/voiceIntents/${index}/utterances`), problem: `voice intent "${intent.name}" has one sample utterance; give the ways drivers say it ("find a charger", "where can I charge")` });
    }
  });

  // Pages a driver can fill by voice: a voice intent with a slot opens them.
  const spokenInto = new Set((car.voiceIntents ?? []).filter((intent) => intent.page !== undefined && (intent.slots ?? []).length > 0).map((intent) => intent.page as string));
  const markupExtension = compiled.dialect === 'alipay' ? 'axml' : 'wxml';
  const forAttribute = compiled.dialect === 'alipay' ? 'a:for' : 'wx:for';
  for (const page of optimisedPages) {
    const file = `${page}.${markupExtension}`;
    const source = files.get(file);
    if (!source) continue;
    for (const element of elements(parseMarkup(new TextDecoder().decode(source), file))) {
      for (const rule of RESTRICTED) {
        if (!rule.tags.includes(element.tag) || !rule.off(rules)) continue;
        const where = `${element.line}:${element.column}`;
        if (rule.flag !== 'NO_KEYBOARD') {
          findings.push({ severity: 'warning', file, at: where, problem: `<${element.tag}> on a driving-optimised page: ${policy.name}'s ${rule.flag} ${rule.what}; show a still image, or move it to a parked-only page` });
        } else if (!spokenInto.has(page)) {
          findings.push({ severity: 'error', file, at: where, problem: `<${element.tag}> on a driving-optimised page: ${policy.name}'s ${rule.flag} ${rule.what}, but no voice intent with a slot opens ${page}: add one to car.voiceIntents ("navigate to {place}"), or offer a short list` });
        }
      }
      const loop = element.attributes.find((attribute) => attribute.name === forAttribute);
      const items = loop && typeof loop.value === 'string' ? literalItems(loop.value) : undefined;
      if (loop && items !== undefined && maxListItems !== null && items > maxListItems) {
        findings.push({ severity: 'error', file, at: `${loop.line}:${loop.column}`, problem: `a list of ${items} items on a driving-optimised page; ${policy.name} shows ${maxListItems} while moving: put the likeliest first, or fewer` });
      }
    }
  }
  return findings;
}
