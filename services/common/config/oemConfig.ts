/**
 * The effective OEM config (every default filled in), written by `npm run generate` from
 * services/data/config.schema.json. Do not edit: change the schema and generate.
 */

/** A safety policy document (safety/data/policy.schema.json): a preset it extends, and overrides. */
export type PolicyDocument = { readonly extends: string } & Readonly<Record<string, unknown>>;

/**
 * One file adapts Glovebox to a car: its screens, look, region, bus, apps, trust, voice and
 * performance. Every field has a default; an empty file is the simulated EV. Paths are relative to
 * this file.
 */
export interface OemConfig {
  /** The car or programme this config is for (shown in logs). */
  readonly name: string;
  /**
   * The screens Glovebox drives. This head unit runs on the first; a passenger role lifts the
   * driving restrictions that only concern the driver.
   */
  readonly displays: ReadonlyArray<{
    /** A name for the screen, lower-case (centre, passenger, rear-left). */
    readonly id: string;
    /**
     * driver: visible to the driver while moving, so the safety policy applies in full. passenger:
     * out of the driver's sight (the OEM's homologation says so).
     */
    readonly role: 'driver' | 'passenger';
    /** Pixels across. */
    readonly width: number;
    /** Pixels down. */
    readonly height: number;
    /**
     * How much larger than on a phone an app designed for phones is drawn (ADR 0008). 1.75 suits a
     * 12.3-inch 1920×720 screen (about 167 pixels per inch) seen from 65–75 cm: a phone's 14-px
     * text becomes 24.5 px, the smallest size the car's design rules allow.
     */
    readonly phoneScale: number;
  }>;
  /** The system UI's look (apps keep their own). */
  readonly theme: {
    /** auto: day from 07:00 to 19:00 local time, night otherwise. */
    readonly mode: 'night' | 'day' | 'auto';
    /** A CSS font-family list of fonts installed on the head unit. */
    readonly font: string;
    /** A PNG or SVG file shown in the status bar (at most 256 KiB). */
    readonly logo: string | null;
    readonly night: Palette;
    readonly day: Palette;
  };
  readonly locale: {
    /** A BCP 47 tag (en-GB, de-DE): dates, numbers, the apps' wx.getSystemInfo language. */
    readonly language: string;
    readonly speed: 'km/h' | 'mph';
    readonly distance: 'km' | 'mi';
    readonly temperature: 'celsius' | 'fahrenheit';
    /** ISO 4217 code for payments. */
    readonly currency: string;
  };
  /**
   * The driving-safety policy: a region preset by name, or a policy document (a preset it extends,
   * and overrides).
   */
  readonly policy: 'US_NHTSA' | 'EU_ESOP' | 'JP_JAMA' | 'GLOBAL_STRICT' | PolicyDocument;
  /** Which bus, decoded how, and where its frames come from. */
  readonly vehicle: {
    /** The car's DBC file; null is the simulated EV's own. */
    readonly dbc: string | null;
    /** The DBC-to-VSS mapping file; null picks the shipped mapping that fits the DBC. */
    readonly mapping: string | null;
    /**
     * simulator: a drive scenario encoded with the DBC. replay: a candump log, looped. socketcan:
     * the car's CAN interfaces.
     */
    readonly source: {
      readonly kind: 'simulator';
      /**
       * A shipped scenario (city-loop, charging-stop, low-battery) or a scenario file; default
       * city-loop.
       */
      readonly scenario?: string;
    } | {
      readonly kind: 'replay';
      /** A candump -L log file. */
      readonly log: string;
      /** Keep one bus's frames (e.g. can0). */
      readonly channel?: string;
    } | {
      readonly kind: 'socketcan';
      /** Linux network interface names (can0, vcan0). */
      readonly interfaces: readonly string[];
    };
  };
  readonly apps: {
    /** Install Glovebox's own apps (Charging, Food, Navigation). */
    readonly bundled: boolean;
    /** Signed app packages (.gbx) installed at start, verified against trust.keys. */
    readonly preinstalled: readonly string[];
    /** Which apps may be installed and run. null allows any. */
    readonly allow: {
      readonly ids: readonly string[] | null;
      readonly categories: readonly Category[] | null;
    };
    /** Permissions granted ahead, by app id: the driver is not asked. */
    readonly grants: Readonly<Record<string, readonly 'scope.userLocation'[]>>;
  };
  readonly trust: {
    /** Ed25519 public keys (PEM files) whose signatures this car accepts on app packages. */
    readonly keys: readonly string[];
  };
  readonly voice: {
    readonly enabled: boolean;
    /**
     * porcupine needs an AccessKey and network to activate; without them the offline engine
     * listens, and the screen says why.
     */
    readonly engine: 'offline' | 'porcupine';
    /**
     * The offline engine's phrase: 3–4 syllables, lower case. A phrase other than "hey glovebox"
     * needs its own wakeModel; its words must be in the dictionary or in pronunciations for the
     * command recogniser.
     */
    readonly wakePhrase: string;
    /**
     * The offline engine's wake-word model for a wakePhrase other than "hey glovebox" (a file
     * written by npm run train:wake -- --phrase "…" --out FILE); null is the shipped "hey
     * glovebox" model.
     */
    readonly wakeModel: string | null;
    /** Phones (CMUdict style) for words of the phrase the dictionary lacks. */
    readonly pronunciations: Readonly<Record<string, string>>;
    /**
     * { env: VARIABLE } or { file: PATH }: where Porcupine's AccessKey is (never the key itself in
     * this file).
     */
    readonly accessKey: {
      readonly env: string;
    } | {
      readonly file: string;
    };
    /** Porcupine's built-in keywords (porcupine, computer, jarvis…) or .ppn files. */
    readonly keywords: readonly string[];
    readonly sensitivity: number;
    /** An espeak-ng voice (language, optional +variant). */
    readonly ttsVoice: string;
    /** The recogniser's language (the installed pocketsphinx model). */
    readonly language: 'en-US';
    /** The ALSA capture device (arecord -D); null is the default device. */
    readonly microphone: string | null;
  };
  readonly performance: {
    /** Logic containers started ahead of a tap (memory for cold start). */
    readonly prewarmPool: number;
    /** Apps kept running; the least recently used beyond this is closed. */
    readonly maxRunningApps: number;
    /** A backgrounded app is suspended after this long. */
    readonly suspendAfterMs: number;
  };
}

export type Palette = {
  readonly background?: Colour;
  readonly surface?: Colour;
  readonly text?: Colour;
  readonly accent?: Colour;
};

/** #rrggbb */
export type Colour = string;

export type Category = 'ev_charging' | 'food_ordering' | 'navigation' | 'media' | 'communication' | 'parking' | 'weather' | 'utilities' | 'other';
