/**
 * Map label glyphs made on the head unit, not downloaded: each 256-character range a style asks
 * for is drawn with the system font into signed distance fields (TinySDF, as MapLibre itself
 * does for local CJK glyphs) and encoded as the glyph protobuf MapLibre reads
 * (glyphs { fontstack { name, range, glyph { id, bitmap, width, height, left, top, advance } } }).
 */
import TinySDF from '@mapbox/tiny-sdf';

/** MapLibre's glyph grid: 24 px em, 3 px border; its baseline sits 27 px below the box top. */
const FONT_SIZE = 24;
const BORDER = 3;
const BASELINE = 27;

/** Protocol buffer writer: just what the glyph message needs. */
class Writer {
  private bytes: number[] = [];

  varint(value: number): void {
    let rest = value >>> 0;
    while (rest > 0x7f) {
      this.bytes.push((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    this.bytes.push(rest);
  }

  uint(field: number, value: number): void {
    this.varint((field << 3) | 0);
    this.varint(value);
  }

  sint(field: number, value: number): void {
    this.uint(field, ((value << 1) ^ (value >> 31)) >>> 0);
  }

  bytesField(field: number, data: ArrayLike<number>): void {
    this.varint((field << 3) | 2);
    this.varint(data.length);
    for (let index = 0; index < data.length; index += 1) this.bytes.push(data[index] as number);
  }

  text(field: number, value: string): void {
    this.bytesField(field, new TextEncoder().encode(value));
  }

  message(field: number, write: (inner: Writer) => void): void {
    const inner = new Writer();
    write(inner);
    this.bytesField(field, inner.bytes);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

const drawers = new Map<string, TinySDF>();

function drawerFor(fontstack: string, family: string): TinySDF {
  const bold = /bold/i.test(fontstack);
  const key = `${family}|${bold}`;
  let drawer = drawers.get(key);
  if (!drawer) {
    drawer = new TinySDF({ fontSize: FONT_SIZE, buffer: BORDER, radius: 8, cutoff: 0.25, fontFamily: family, fontWeight: bold ? 'bold' : 'normal' });
    drawers.set(key, drawer);
  }
  return drawer;
}

/** The protobuf of one range ("0-255") of a font stack, drawn in `family`. */
export function glyphRange(fontstack: string, range: string, family: string): Uint8Array {
  const match = /^(\d+)-(\d+)$/.exec(range);
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  if (!match || end - start !== 255 || start % 256 !== 0) throw new Error(`glyph range "${range}": expected a 256-aligned range such as 0-255`);
  const drawer = drawerFor(fontstack, family);
  const writer = new Writer();
  writer.message(1, (stack) => {
    stack.text(1, fontstack);
    stack.text(2, range);
    for (let id = Math.max(start, 32); id <= end; id += 1) {
      // Surrogate halves and controls have no shape of their own.
      if ((id >= 0xd800 && id <= 0xdfff) || (id >= 0x7f && id < 0xa0)) continue;
      const glyph = drawer.draw(String.fromCharCode(id));
      stack.message(3, (entry) => {
        entry.uint(1, id);
        if (glyph.glyphWidth > 0 && glyph.glyphHeight > 0) entry.bytesField(2, glyph.data);
        entry.uint(3, glyph.glyphWidth);
        entry.uint(4, glyph.glyphHeight);
        entry.sint(5, glyph.glyphLeft);
        entry.sint(6, glyph.glyphTop - BASELINE);
        entry.uint(7, Math.round(glyph.glyphAdvance));
      });
    }
  });
  return writer.finish();
}
