/**
 * The likely intended word for a misspelt one ("porcupin" → "porcupine"), for "did you mean"
 * hints: the nearest candidate by edit distance, ignoring case, if it is near enough to be a slip
 * (at most a third of the word's letters, and at least two for words of four letters or more).
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(word.length >= 4 ? 2 : 1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance && distance <= limit && candidate !== word) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
