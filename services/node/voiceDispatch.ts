/**
 * What a transcript asks for, carried out: an app's intent (the app opened on the intent's page
 * and handed the intent), or the platform's own (home, open an app, yes, no). The transcript comes
 * from the voice pipeline; until that lands, from the simulator's text box, through the same path.
 */
import type { IntentDeclaration, IntentSource, MatchedIntent } from '../../voice/common/intents.js';
import { IntentMatcher, PLATFORM, PLATFORM_INTENTS } from '../../voice/common/intents.js';

export interface VoiceApp {
  readonly id: string;
  readonly name: string;
  readonly intents: readonly IntentDeclaration[];
}

export interface VoiceActions {
  launch(appId: string, page: string | undefined, intent: { readonly name: string; readonly slots: Readonly<Record<string, string | number>> } | undefined): void;
  home(): void;
  answer(accepted: boolean): void;
}

export interface VoiceOutcome {
  readonly heard: string;
  readonly intent: MatchedIntent | null;
  /** What happened, for the tester and the log. */
  readonly result: string;
  /** A short spoken acknowledgement, where one helps. */
  readonly spoken?: string;
}

export class VoiceCommands {
  private matcher: IntentMatcher | undefined;
  private appsKey = '';

  constructor(
    private readonly apps: () => readonly VoiceApp[],
    private readonly actions: VoiceActions,
  ) {}

  /** The matcher for the apps installed now (rebuilt when they change). */
  private current(apps: readonly VoiceApp[]): IntentMatcher {
    const key = apps.map((app) => app.id).join(',');
    if (!this.matcher || key !== this.appsKey) {
      this.matcher = new IntentMatcher(this.sources());
      this.appsKey = key;
    }
    return this.matcher;
  }

  /** The intent a transcript says, if any (nothing is carried out). */
  match(text: string): MatchedIntent | undefined {
    return this.current(this.apps()).match(text);
  }

  /** The intent sources now: the platform's and every installed app's (for the recogniser's grammar). */
  sources(): IntentSource[] {
    return [{ owner: PLATFORM, label: 'Glovebox', intents: PLATFORM_INTENTS }, ...this.apps().map((app) => ({ owner: app.id, label: app.name, intents: app.intents }))];
  }

  hear(text: string): VoiceOutcome {
    const apps = this.apps();
    const intent = this.current(apps).match(text) ?? null;
    if (!intent) return { heard: text, intent, result: 'not understood: no command matches (nothing done)' };
    if (intent.owner !== PLATFORM) {
      const app = apps.find((each) => each.id === intent.owner);
      this.actions.launch(intent.owner, intent.page, { name: intent.intent, slots: intent.slots });
      return { heard: text, intent, result: `${app?.name ?? intent.owner}: ${intent.intent}${Object.keys(intent.slots).length > 0 ? ` ${JSON.stringify(intent.slots)}` : ''}`, ...(app ? { spoken: app.name } : {}) };
    }
    switch (intent.intent) {
      case 'goHome':
        this.actions.home();
        return { heard: text, intent, result: 'home screen', spoken: 'Home screen' };
      case 'openApp': {
        const wanted = String(intent.slots['app'] ?? '').toLowerCase();
        const app = apps.find((each) => each.name.toLowerCase() === wanted) ?? apps.find((each) => each.name.toLowerCase().includes(wanted) || wanted.includes(each.name.toLowerCase()));
        if (!app) return { heard: text, intent, result: `no app called "${wanted}" is installed`, spoken: `No app called ${wanted} is installed` };
        this.actions.launch(app.id, undefined, undefined);
        return { heard: text, intent, result: `opened ${app.name}`, spoken: `Opening ${app.name}` };
      }
      case 'confirm':
      case 'cancel':
        this.actions.answer(intent.intent === 'confirm');
        return { heard: text, intent, result: intent.intent === 'confirm' ? 'yes' : 'no' };
      default:
        return { heard: text, intent, result: `${intent.intent} is not handled` };
    }
  }
}
