/**
 * Where a JSON pointer is in a JSON or YAML text, as `line:column`: errors about app.json or an
 * OEM config point at the line an editor should jump to, not only at the path. The nearest
 * enclosing node when the pointer names something missing.
 */
import type { Document } from 'yaml';
import { LineCounter, parseDocument } from 'yaml';

export interface PositionedText {
  readonly document: Document.Parsed;
  readonly lines: LineCounter;
}

export function positioned(text: string): PositionedText {
  const lines = new LineCounter();
  return { document: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }), lines };
}

/** `line:column` of an offset. */
export function lineColumn(lines: LineCounter, offset: number): string {
  const { line, col } = lines.linePos(offset);
  return `${line}:${col}`;
}

/** `line:column` of the node a pointer names (or of its nearest parent); empty if none. */
export function positionOf(text: PositionedText, pointer: string): string {
  const parts = pointer.split('/').slice(1).filter((part) => part !== '').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let length = parts.length; length >= 0; length -= 1) {
    const node = text.document.getIn(parts.slice(0, length).map((part) => (/^\d+$/.test(part) ? Number(part) : part)), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lineColumn(text.lines, node.range[0]);
  }
  return '';
}
