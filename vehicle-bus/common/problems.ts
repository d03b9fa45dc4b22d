/**
 * Counts problems in input by kind and keeps the first few examples of each, so that a
 * report can say "412 frames with an unknown ID (first at lines 3, 9, 17)" without holding
 * every bad line of a long log.
 */
export interface ProblemExample {
  /** 1-based line in the input, where the input has lines. */
  readonly line: number | undefined;
  readonly message: string;
}

export interface ProblemSummary {
  readonly kind: string;
  readonly count: number;
  readonly examples: readonly ProblemExample[];
}

/** How many examples of each kind a tally keeps. */
const EXAMPLES_KEPT = 5;

export class ProblemTally {
  private readonly byKind = new Map<string, { count: number; examples: ProblemExample[] }>();

  add(kind: string, message: string, line?: number): void {
    let entry = this.byKind.get(kind);
    if (!entry) {
      entry = { count: 0, examples: [] };
      this.byKind.set(kind, entry);
    }
    entry.count += 1;
    if (entry.examples.length < EXAMPLES_KEPT) entry.examples.push({ line, message });
  }

  get total(): number {
    let total = 0;
    for (const entry of this.byKind.values()) total += entry.count;
    return total;
  }

  count(kind: string): number {
    return this.byKind.get(kind)?.count ?? 0;
  }

  summary(): ProblemSummary[] {
    return [...this.byKind].map(([kind, entry]) => ({ kind, count: entry.count, examples: entry.examples }));
  }

  /** One line per kind, for people: `unknown-id: 12 (line 4: no message 0x7FF in the DBC; …)`. */
  describe(): string[] {
    return this.summary().map(({ kind, count, examples }) => {
      const shown = examples.map((example) => (example.line === undefined ? example.message : `line ${example.line}: ${example.message}`));
      return `${kind}: ${count} (${shown.join('; ')}${count > examples.length ? '; …' : ''})`;
    });
  }
}
