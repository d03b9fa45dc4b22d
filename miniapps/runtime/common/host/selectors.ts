/**
 * The selectors an app's queries and observers may use (wx.createSelectorQuery().select(…),
 * IntersectionObserver.observe(…)), as WeChat documents them: `#id`, `.class` (several together),
 * the descendant and child combinators, `>>>` across components, and lists with commas. The
 * app's text never reaches the DOM as a selector: it is parsed here and written anew over the
 * host's own attributes (an element's app id is `data-wx-id`), so a query can name only what the
 * app drew, never the host's elements or an attribute the app does not own.
 */

export const SELECTOR_LIMITS = { length: 256, compounds: 8, alternatives: 4 } as const;

const NAME = /^[A-Za-z_][\w-]*$/;

export class SelectorError extends Error {}

/** One simple part: `#id` or `.class`. */
function simple(part: string, selector: string): string {
  const name = part.slice(1);
  if (!NAME.test(name)) throw new SelectorError(`"${selector}": "${part}" is not an id or class name (letters, digits, _ and -)`);
  return part.startsWith('#') ? `[data-wx-id="${name}"]` : `.${name}`;
}

/** A compound like `#a.b.c`: one element with all of them. */
function compound(text: string, selector: string): string {
  const parts = text.match(/[#.][^#.]*/g);
  if (!parts || parts.join('') !== text) throw new SelectorError(`"${selector}": "${text}" is not supported; use #id or .class`);
  return parts.map((part) => simple(part, selector)).join('');
}

/** The app's selector as a CSS selector over the host's attributes; throws SelectorError when it is not one WeChat supports. */
export function hostSelector(selector: unknown): string {
  if (typeof selector !== 'string') throw new SelectorError('a selector is a string');
  const text = selector.trim();
  if (text === '' || text.length > SELECTOR_LIMITS.length) throw new SelectorError(`a selector of 1 to ${SELECTOR_LIMITS.length} characters`);
  const alternatives = text.split(',');
  if (alternatives.length > SELECTOR_LIMITS.alternatives) throw new SelectorError(`"${text}": at most ${SELECTOR_LIMITS.alternatives} selectors in a list`);
  return alternatives
    .map((alternative) => {
      const tokens = alternative.trim().replace(/\s*(>>>|>)\s*/g, ' $1 ').split(/\s+/).filter((token) => token !== '');
      const compounds = tokens.filter((token) => token !== '>' && token !== '>>>');
      if (compounds.length === 0 || compounds.length > SELECTOR_LIMITS.compounds) throw new SelectorError(`"${text}": 1 to ${SELECTOR_LIMITS.compounds} parts`);
      let previousWasCombinator = true;
      const written = tokens.map((token) => {
          if (token === '>' || token === '>>>') {
            if (previousWasCombinator) throw new SelectorError(`"${text}": a combinator needs a part on each side`);
            previousWasCombinator = true;
            // Across components is just deeper in the host's one tree.
            return token === '>' ? '>' : '';
          }
          previousWasCombinator = false;
          return compound(token, text);
        });
      if (previousWasCombinator) throw new SelectorError(`"${text}": a combinator needs a part on each side`);
      return written.filter((part) => part !== '').join(' ');
    })
    .join(', ');
}
