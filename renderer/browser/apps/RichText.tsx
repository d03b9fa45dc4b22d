/**
 * rich-text, sanitised: the app's HTML string or node array becomes host elements from a short
 * list of harmless tags with only their `class`. No scripts, handlers, styles, links, frames
 * or images survive; an HTML string is parsed by DOMParser, whose documents never run script.
 * Bounded in nodes and depth, and its text cut to the policy's length while driving.
 */
import type { ReactNode } from 'react';

const TAGS = new Set(['p', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'br', 'hr', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'code', 'pre', 'sub', 'sup', 'small', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption']);
/** Content these tags hold is dropped with them (a script's text is not text to show). */
const DROPPED_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'svg', 'math', 'video', 'audio', 'img', 'picture', 'canvas', 'form', 'input', 'button', 'select', 'textarea', 'link', 'meta', 'head', 'title']);
const MAX_NODES = 2000;
const MAX_DEPTH = 32;

interface Budget {
  nodes: number;
  /** Characters still allowed (Infinity when unrestricted). */
  characters: number;
}

interface NodeObject {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly text?: unknown;
  readonly attrs?: { readonly class?: unknown } | null;
  readonly children?: unknown;
}

function textOut(value: string, budget: Budget): string {
  if (budget.characters === Number.POSITIVE_INFINITY) return value;
  const cut = value.length > budget.characters ? `${value.slice(0, Math.max(0, budget.characters - 1))}…` : value;
  budget.characters = Math.max(0, budget.characters - value.length);
  return cut;
}

function element(tag: string, className: unknown, children: ReactNode[], key: string): ReactNode {
  const Tag = (TAGS.has(tag) ? tag : 'span') as 'span';
  if (tag === 'br' || tag === 'hr') return <Tag key={key} />;
  return (
    <Tag key={key} className={typeof className === 'string' ? className : undefined}>
      {children}
    </Tag>
  );
}

function fromDom(node: Node, budget: Budget, depth: number, key: string): ReactNode {
  if ((budget.nodes -= 1) < 0 || depth > MAX_DEPTH) return null;
  if (node.nodeType === Node.TEXT_NODE) return textOut(node.textContent ?? '', budget);
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const tag = (node as Element).tagName.toLowerCase();
  if (DROPPED_WITH_CONTENT.has(tag)) return null;
  const children = [...node.childNodes].map((child, index) => fromDom(child, budget, depth + 1, `${key}.${index}`));
  // An unknown tag (a, font, custom elements) keeps its text, not itself.
  return TAGS.has(tag) ? element(tag, (node as Element).getAttribute('class'), children, key) : <span key={key}>{children}</span>;
}

function fromObjects(nodes: unknown, budget: Budget, depth: number, key: string): ReactNode[] {
  if (!Array.isArray(nodes) || depth > MAX_DEPTH) return [];
  return nodes.map((raw: unknown, index) => {
    if ((budget.nodes -= 1) < 0 || raw === null || typeof raw !== 'object') return null;
    const node = raw as NodeObject;
    if (node.type === 'text') return textOut(typeof node.text === 'string' ? node.text : '', budget);
    const tag = typeof node.name === 'string' ? node.name.toLowerCase() : '';
    if (DROPPED_WITH_CONTENT.has(tag)) return null;
    const children = fromObjects(node.children, budget, depth + 1, `${key}.${index}`);
    return TAGS.has(tag) ? element(tag, node.attrs?.class, children, `${key}.${index}`) : <span key={`${key}.${index}`}>{children}</span>;
  });
}

export function RichText({ nodes, className, maxCharacters }: { readonly nodes: unknown; readonly className: string | undefined; readonly maxCharacters: number | null }) {
  const budget: Budget = { nodes: MAX_NODES, characters: maxCharacters ?? Number.POSITIVE_INFINITY };
  let content: ReactNode;
  if (typeof nodes === 'string') {
    const body = new DOMParser().parseFromString(nodes, 'text/html').body;
    content = [...body.childNodes].map((child, index) => fromDom(child, budget, 0, `r${index}`));
  } else content = fromObjects(nodes, budget, 0, 'r');
  return (
    <div data-wx="rich-text" className={className}>
      {content}
    </div>
  );
}
