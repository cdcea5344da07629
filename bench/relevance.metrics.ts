/**
 * Ranking metrics for the relevance benchmark and its regression test. Judgements are graded
 * 3 (on point), 2 (relevant), 1 (marginal); anything unjudged counts as 0.
 */
export type Judgements = Readonly<Record<string, number>>;

/** Exponential gain (2^grade - 1), so one on-point hit outweighs several marginal ones. */
function gain(grade: number): number {
  return 2 ** grade - 1;
}

function dcg(grades: readonly number[]): number {
  return grades.reduce((sum, grade, i) => sum + gain(grade) / Math.log2(i + 2), 0);
}

/** nDCG@k: the ranking's discounted gain over the best ordering of everything judged. */
export function ndcgAt(k: number, ranked: readonly string[], judgements: Judgements): number {
  const ideal = dcg(
    Object.values(judgements)
      .filter((g) => g > 0)
      .sort((a, b) => b - a)
      .slice(0, k),
  );
  if (ideal === 0) return 0;
  return dcg(ranked.slice(0, k).map((id) => judgements[id] ?? 0)) / ideal;
}

/** recall@k: the share of judged-relevant statements (grade >= 1) found in the first k. */
export function recallAt(k: number, ranked: readonly string[], judgements: Judgements): number {
  const relevant = Object.entries(judgements)
    .filter(([, g]) => g >= 1)
    .map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
