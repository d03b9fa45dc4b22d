/**
 * Where a JSON pointer is in a JSON or YAML text, as `line:column`: errors about app.json or an
 * OEM config point at the line an editor should jump to, not only at the path. The nearest
 * enclosing node when the pointer names something missing.
 *
 * The document is walked once, without recursion and without following aliases, into an index of
 * every node's pointer; the walk also measures what a hostile file could use to blow up later
 * work (its nesting depth and its aliases), so a reader can refuse it before converting it.
 */
import type { Document } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, YAMLParseError } from 'yaml';

export interface PositionedText {
  readonly document: Document.Parsed;
  readonly lines: LineCounter;
  /** Deepest nesting of mappings and sequences (the top level is 1). */
  readonly depth: number;
  /** Aliases (`*name`) in the document, merge keys' included. */
  readonly aliases: number;
  /** Pointer → offset of the node's start. */
  readonly offsets: ReadonlyMap<string, number>;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function positioned(text: string): PositionedText {
  const lines = new LineCounter();
  // Duplicate keys are found by the walk below with a set per mapping: the parser's own check
  // compares each key with every other and took minutes for a mapping of 30,000 keys.
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const offsets = new Map<string, number>();
  let depth = 0;
  let aliases = 0;
  const stack: Array<{ readonly node: unknown; readonly pointer: string; readonly level: number }> = [{ node: document.contents, pointer: '', level: 1 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { node, pointer, level } = next;
    if (isAlias(node)) {
      aliases += 1;
      continue;
    }
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range) offsets.set(pointer, range[0]);
    if (isMap(node)) {
      depth = Math.max(depth, level);
      const keys = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isAlias(pair.key)) aliases += 1;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (keys.has(key)) {
          const at = (pair.key as { range?: [number, number, number] } | null)?.range ?? [0, 0, 0];
          document.errors.push(new YAMLParseError([at[0], at[1]], 'DUPLICATE_KEY', 'Map keys must be unique'));
        }
        keys.add(key);
        stack.push({ node: pair.value, pointer: `${pointer}/${escape(key)}`, level: level + 1 });
      }
    } else if (isSeq(node)) {
      depth = Math.max(depth, level);
      node.items.forEach((item, index) => stack.push({ node: item, pointer: `${pointer}/${index}`, level: level + 1 }));
    }
  }
  return { document, lines, depth, aliases, offsets };
}

/** `line:column` of an offset. */
export function lineColumn(lines: LineCounter, offset: number): string {
  const { line, col } = lines.linePos(offset);
  return `${line}:${col}`;
}

/** `line:column` of the node a pointer names (or of its nearest parent); empty if none. */
export function positionOf(text: PositionedText, pointer: string): string {
  const parts = pointer.split('/').slice(1).filter((part) => part !== '');
  for (let length = parts.length; length >= 0; length -= 1) {
    const offset = text.offsets.get(length === 0 ? '' : `/${parts.slice(0, length).join('/')}`);
    if (offset !== undefined) return lineColumn(text.lines, offset);
  }
  return '';
}
