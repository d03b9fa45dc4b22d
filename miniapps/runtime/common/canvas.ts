/**
 * The one contract for an app's canvas drawing, read by both sides: the worker's canvas
 * contexts (legacy `wx.createCanvasContext` / `wx.createContext` and the `type="2d"` node) record
 * calls as commands named here, and the host checks every command against the same table before
 * replaying it on a real canvas. A command is `[method, ...args]` or `['=property', value]`.
 * Nothing an app sends can name anything else: no `getImageData`, no `toDataURL`, no property the
 * table does not list, and every number finite, every string bounded.
 */

/** n: number; n?: optional number; b?: optional boolean; s: string; s?: optional string; style: colour or gradient; image: a picture's path; list: numbers. */
export type CanvasArg = 'n' | 'n?' | 'b?' | 's' | 's?' | 'style' | 'image' | 'list';

/** Methods of CanvasRenderingContext2D an app may call, with what each takes. */
export const CANVAS_METHODS: Readonly<Record<string, readonly CanvasArg[]>> = {
  fillRect: ['n', 'n', 'n', 'n'],
  strokeRect: ['n', 'n', 'n', 'n'],
  clearRect: ['n', 'n', 'n', 'n'],
  rect: ['n', 'n', 'n', 'n'],
  roundRect: ['n', 'n', 'n', 'n', 'n?'],
  beginPath: [],
  closePath: [],
  fill: ['s?'],
  stroke: [],
  clip: ['s?'],
  save: [],
  restore: [],
  moveTo: ['n', 'n'],
  lineTo: ['n', 'n'],
  arc: ['n', 'n', 'n', 'n', 'n', 'b?'],
  arcTo: ['n', 'n', 'n', 'n', 'n'],
  ellipse: ['n', 'n', 'n', 'n', 'n', 'n', 'n', 'b?'],
  quadraticCurveTo: ['n', 'n', 'n', 'n'],
  bezierCurveTo: ['n', 'n', 'n', 'n', 'n', 'n'],
  translate: ['n', 'n'],
  scale: ['n', 'n'],
  rotate: ['n'],
  transform: ['n', 'n', 'n', 'n', 'n', 'n'],
  setTransform: ['n', 'n', 'n', 'n', 'n', 'n'],
  resetTransform: [],
  fillText: ['s', 'n', 'n', 'n?'],
  strokeText: ['s', 'n', 'n', 'n?'],
  drawImage: ['image', 'n', 'n', 'n?', 'n?', 'n?', 'n?', 'n?', 'n?'],
  setLineDash: ['list'],
};

/** Properties an app may set, and what each holds. */
export const CANVAS_PROPERTIES: Readonly<Record<string, 'n' | 's' | 'style'>> = {
  fillStyle: 'style',
  strokeStyle: 'style',
  lineWidth: 'n',
  lineCap: 's',
  lineJoin: 's',
  miterLimit: 'n',
  lineDashOffset: 'n',
  font: 's',
  textAlign: 's',
  textBaseline: 's',
  globalAlpha: 'n',
  globalCompositeOperation: 's',
  shadowColor: 's',
  shadowBlur: 'n',
  shadowOffsetX: 'n',
  shadowOffsetY: 'n',
};

/** A gradient as it crosses: its kind's arguments and its colour stops. */
export interface GradientStyle {
  readonly gradient: 'linear' | 'radial';
  readonly args: readonly number[];
  readonly stops: ReadonlyArray<readonly [number, string]>;
}

export type CanvasCommand = readonly [string, ...unknown[]];

export const CANVAS_LIMITS = {
  /** Commands in one drawing message. */
  commands: 20_000,
  /** Commands an app may have drawn in any one second (all its canvases). */
  commandsPerSecond: 100_000,
  /** Characters of a colour, font or other string argument. */
  stringLength: 128,
  /** Characters of text drawn by one call. */
  textLength: 2_000,
  /** Colour stops of one gradient; numbers of one dash list. */
  listLength: 32,
  /** A 2d canvas's bitmap, each side and in all (pixels). */
  side: 4096,
  pixels: 8_388_608,
  /** Blur radius, as the host's paint-cost rule bounds filters and shadows (px). */
  shadowBlur: 64,
  /** Different pictures one drawing message may draw. */
  images: 32,
} as const;

class CanvasProblem extends Error {}

function number(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new CanvasProblem(`${where}: expected a finite number, found ${typeof value === 'number' ? String(value) : typeof value}`);
  return value;
}

function text(value: unknown, where: string, limit: number = CANVAS_LIMITS.stringLength): string {
  if (typeof value !== 'string') throw new CanvasProblem(`${where}: expected a string, found ${typeof value}`);
  if (value.length > limit) throw new CanvasProblem(`${where}: a string of ${value.length} characters; at most ${limit}`);
  return value;
}

function style(value: unknown, where: string): string | GradientStyle {
  if (typeof value === 'string') return text(value, where);
  if (value === null || typeof value !== 'object') throw new CanvasProblem(`${where}: expected a colour or a gradient`);
  const gradient = value as Record<string, unknown>;
  const kind = gradient['gradient'];
  if (kind !== 'linear' && kind !== 'radial') throw new CanvasProblem(`${where}: a gradient is linear or radial`);
  const args = gradient['args'];
  if (!Array.isArray(args) || args.length !== (kind === 'linear' ? 4 : 6)) throw new CanvasProblem(`${where}: a ${kind} gradient takes ${kind === 'linear' ? 4 : 6} numbers`);
  const stops = gradient['stops'];
  if (!Array.isArray(stops) || stops.length > CANVAS_LIMITS.listLength) throw new CanvasProblem(`${where}: at most ${CANVAS_LIMITS.listLength} colour stops`);
  return {
    gradient: kind,
    args: args.map((arg, index) => number(arg, `${where}.args[${index}]`)),
    stops: stops.map((stop: unknown, index): readonly [number, string] => {
      if (!Array.isArray(stop) || stop.length !== 2) throw new CanvasProblem(`${where}.stops[${index}]: expected [offset, colour]`);
      const offset = number(stop[0], `${where}.stops[${index}]`);
      if (offset < 0 || offset > 1) throw new CanvasProblem(`${where}.stops[${index}]: an offset from 0 to 1, found ${offset}`);
      return [offset, text(stop[1], `${where}.stops[${index}]`)];
    }),
  };
}

/**
 * Checks a drawing message's commands and returns them rebuilt from checked values only, with
 * the pictures they draw and how many were skipped for a number that was not finite. `cut` shortens drawn text while driving (the policy's length counts on
 * a canvas too). Throws with the command's index and what was wrong.
 */
export function checkCanvasCommands(raw: unknown, cut: (text: string) => string = (value) => value): { readonly commands: CanvasCommand[]; readonly images: string[]; readonly skipped: number } {
  if (!Array.isArray(raw)) throw new CanvasProblem('commands: expected a list');
  if (raw.length > CANVAS_LIMITS.commands) throw new CanvasProblem(`commands: ${raw.length} in one drawing; at most ${CANVAS_LIMITS.commands}`);
  const images = new Set<string>();
  let skipped = 0;
  const commands = raw.flatMap((command: unknown, index): CanvasCommand[] => {
    // A number that is not finite crosses as null: a browser's canvas ignores such a call, and so does the host.
    if (Array.isArray(command) && command.slice(1).some((value, at) => value === null && !(CANVAS_METHODS[command[0] as string]?.[at] ?? 'n').endsWith('?'))) {
      skipped += 1;
      return [];
    }
    return [checkCommand(command, index)];
  });
  return { commands, images: [...images], skipped };

  function checkCommand(command: unknown, index: number): CanvasCommand {
    const where = `commands[${index}]`;
    if (!Array.isArray(command) || typeof command[0] !== 'string') throw new CanvasProblem(`${where}: expected [method, ...arguments]`);
    const [name, ...args] = command as [string, ...unknown[]];
    if (name.startsWith('=')) {
      const property = name.slice(1);
      const kind = Object.hasOwn(CANVAS_PROPERTIES, property) ? CANVAS_PROPERTIES[property] : undefined;
      if (!kind || args.length !== 1) throw new CanvasProblem(`${where}: no canvas property "${property.slice(0, 40)}"`);
      const value = kind === 'n' ? number(args[0], where) : kind === 's' ? text(args[0], where) : style(args[0], where);
      return [name, property === 'shadowBlur' ? Math.min(Math.max(value as number, 0), CANVAS_LIMITS.shadowBlur) : value];
    }
    const kinds = Object.hasOwn(CANVAS_METHODS, name) ? CANVAS_METHODS[name] : undefined;
    if (!kinds) throw new CanvasProblem(`${where}: no canvas method "${name.slice(0, 40)}"`);
    if (args.length > kinds.length) throw new CanvasProblem(`${where}: ${name} takes at most ${kinds.length} arguments, found ${args.length}`);
    const checked = kinds.map((kind, at) => {
      const value = args[at];
      const optional = kind.endsWith('?');
      if (value === undefined || value === null) {
        if (optional) return undefined;
        throw new CanvasProblem(`${where}: ${name} needs argument ${at + 1}`);
      }
      switch (kind) {
        case 'n':
        case 'n?':
          return number(value, `${where}[${at + 1}]`);
        case 'b?':
          return Boolean(value);
        case 's':
          return name === 'fillText' || name === 'strokeText' ? cut(text(value, `${where}[${at + 1}]`, CANVAS_LIMITS.textLength)) : text(value, `${where}[${at + 1}]`);
        case 's?':
          return text(value, `${where}[${at + 1}]`);
        case 'style':
          return style(value, `${where}[${at + 1}]`);
        case 'image': {
          const path = text(value, `${where}[${at + 1}]`, 512);
          images.add(path);
          if (images.size > CANVAS_LIMITS.images) throw new CanvasProblem(`${where}: more than ${CANVAS_LIMITS.images} pictures in one drawing`);
          return path;
        }
        case 'list':
          if (!Array.isArray(value) || value.length > CANVAS_LIMITS.listLength) throw new CanvasProblem(`${where}: ${name} takes a list of at most ${CANVAS_LIMITS.listLength} numbers`);
          return value.map((item, position) => number(item, `${where}[${at + 1}][${position}]`));
      }
    });
    while (checked.length > 0 && checked[checked.length - 1] === undefined) checked.pop();
    return [name, ...checked];
  }
}

/** A 2d canvas's bitmap size as the app set it, bounded. */
export function checkCanvasSize(width: unknown, height: unknown): { readonly width: number; readonly height: number } {
  const side = (value: unknown, what: string): number => {
    const size = number(value, what);
    if (!Number.isInteger(size) || size < 0 || size > CANVAS_LIMITS.side) throw new CanvasProblem(`${what}: a whole number of pixels from 0 to ${CANVAS_LIMITS.side}, found ${size}`);
    return size;
  };
  const size = { width: side(width, 'width'), height: side(height, 'height') };
  if (size.width * size.height > CANVAS_LIMITS.pixels) throw new CanvasProblem(`a ${size.width}×${size.height} canvas; at most ${CANVAS_LIMITS.pixels} pixels`);
  return size;
}

export { CanvasProblem };
