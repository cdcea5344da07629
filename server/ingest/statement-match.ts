// "The same words give or take punctuation and a few words": two outlets rarely print a quote
// identically (one drops a "so", another ends on a comma, curly vs straight apostrophes), and a
// candidate that is another outlet's copy of a statement already archived should become a further
// source of that statement, not a duplicate. Compared as word sequences, so order matters and
// punctuation does not.

/** Words of a quote, lower-cased, with punctuation and typography ignored. */
export function toWords(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u2018\u2019\u02BC]/g, "'")
      // Apostrophes inside words stay ("don't" is one word); every other non-letter separates.
      .replace(/(?<![\p{L}\p{N}])'|'(?![\p{L}\p{N}])/gu, ' ')
      .split(/[^\p{L}\p{N}']+/u)
      .filter((word) => word.length > 0)
  );
}

/** Levenshtein distance over words: insertions, deletions and substitutions of whole words. */
export function wordDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** 1 for the same words in the same order; 0 for nothing in common. */
export function wordSimilarity(a: string, b: string): number {
  const left = toWords(a);
  const right = toWords(b);
  const longer = Math.max(left.length, right.length);
  if (longer === 0) return 0;
  return 1 - wordDistance(left, right) / longer;
}

/**
 * At 0.85 a quote of seven or more words may differ by one word, fourteen or more by two; a
 * shorter quote must match word for word (one changed word in "we oppose this plan" can be the
 * opposite statement).
 */
export const SAME_WORDS_THRESHOLD = 0.85;

export function isSameStatementText(a: string, b: string): boolean {
  return wordSimilarity(a, b) >= SAME_WORDS_THRESHOLD;
}

/** The closest of the speaker's statements with the same words, if any. */
export function findSameStatement<T extends { text: string }>(text: string, spoken: readonly T[]): T | null {
  const words = toWords(text);
  let best: T | null = null;
  let bestScore = 0;
  for (const statement of spoken) {
    const other = toWords(statement.text);
    const longer = Math.max(words.length, other.length);
    // The length difference alone is a lower bound on the distance: skip the quadratic comparison.
    if (longer === 0 || 1 - Math.abs(words.length - other.length) / longer < SAME_WORDS_THRESHOLD) continue;
    const score = 1 - wordDistance(words, other) / longer;
    if (score >= SAME_WORDS_THRESHOLD && score > bestScore) {
      best = statement;
      bestScore = score;
    }
  }
  return best;
}
