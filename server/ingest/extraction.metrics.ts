// Scoring the quote extractor against hand-checked quotes: precision, recall and F1 over quote
// spans (a match is ≥ 90% character overlap, one-to-one) and speaker accuracy over the matches.

export interface ExpectedQuote {
  text: string;
  speaker: string | null;
  role?: string | null;
}

export interface PredictedQuote {
  text: string;
  speaker: string | null;
  role?: string | null;
  kind?: string;
}

export interface ExtractionScore {
  expected: number;
  predicted: number;
  matched: number;
  speakerCorrect: number;
  precision: number;
  recall: number;
  f1: number;
  speakerAccuracy: number;
  /** Expected quotes nobody found, predictions matching nothing, matches with the wrong speaker. */
  missed: ExpectedQuote[];
  spurious: PredictedQuote[];
  wrongSpeaker: { expected: ExpectedQuote; predicted: PredictedQuote }[];
}

export const MATCH_THRESHOLD = 0.9;

/** Words of a quote, with typography folded (curly/straight marks, dashes, case) so only words count. */
function wordsOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}']+/gu) ?? []
  );
}

/**
 * Character overlap of two quotes: the characters of their longest common run of words, over
 * the length of the longer one. Punctuation, quote marks and paragraph breaks do not count.
 */
export function overlapRatio(a: string, b: string): number {
  const x = wordsOf(a);
  const y = wordsOf(b);
  const lengthOf = (words: string[]) => words.reduce((sum, word) => sum + word.length, 0);
  const longer = Math.max(lengthOf(x), lengthOf(y));
  if (longer === 0) return 0;
  // Longest common subsequence of words, weighted by word length.
  let previous = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const current = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++) {
      current[j] =
        x[i - 1] === y[j - 1]
          ? (previous[j - 1] as number) + (x[i - 1] as string).length
          : Math.max(previous[j] as number, current[j - 1] as number);
    }
    previous = current;
  }
  return (previous[y.length] as number) / longer;
}

export function sameSpeaker(a: string | null, b: string | null): boolean {
  const fold = (name: string | null) => (name ?? '').normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  return fold(a) === fold(b);
}

const ratio = (numerator: number, denominator: number, empty: number) => (denominator === 0 ? empty : numerator / denominator);

export function f1Of(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** Scores predicted quotes (paraphrases are not scored) against the expected ones. */
export function scoreExtraction(predictedAll: readonly PredictedQuote[], expected: readonly ExpectedQuote[]): ExtractionScore {
  const predicted = predictedAll.filter((p) => p.kind === undefined || p.kind === 'quote');
  const pairs: { p: number; e: number; overlap: number }[] = [];
  predicted.forEach((p, pi) =>
    expected.forEach((e, ei) => {
      const overlap = overlapRatio(p.text, e.text);
      if (overlap >= MATCH_THRESHOLD) pairs.push({ p: pi, e: ei, overlap });
    }),
  );
  // One-to-one: best overlaps first.
  pairs.sort((a, b) => b.overlap - a.overlap);
  const usedP = new Set<number>();
  const usedE = new Set<number>();
  const wrongSpeaker: ExtractionScore['wrongSpeaker'] = [];
  let speakerCorrect = 0;
  for (const pair of pairs) {
    if (usedP.has(pair.p) || usedE.has(pair.e)) continue;
    usedP.add(pair.p);
    usedE.add(pair.e);
    const p = predicted[pair.p] as PredictedQuote;
    const e = expected[pair.e] as ExpectedQuote;
    if (sameSpeaker(p.speaker, e.speaker)) speakerCorrect++;
    else wrongSpeaker.push({ expected: e, predicted: p });
  }
  const matched = usedE.size;
  const precision = ratio(matched, predicted.length, 1);
  const recall = ratio(matched, expected.length, 1);
  return {
    expected: expected.length,
    predicted: predicted.length,
    matched,
    speakerCorrect,
    precision,
    recall,
    f1: f1Of(precision, recall),
    speakerAccuracy: ratio(speakerCorrect, matched, 1),
    missed: expected.filter((_, i) => !usedE.has(i)),
    spurious: predicted.filter((_, i) => !usedP.has(i)),
    wrongSpeaker,
  };
}

/** Micro-averaged totals over several documents. */
export function totalScore(scores: readonly ExtractionScore[]): ExtractionScore {
  const sum = (key: 'expected' | 'predicted' | 'matched' | 'speakerCorrect') => scores.reduce((total, s) => total + s[key], 0);
  const expected = sum('expected');
  const predicted = sum('predicted');
  const matched = sum('matched');
  const speakerCorrect = sum('speakerCorrect');
  const precision = ratio(matched, predicted, 1);
  const recall = ratio(matched, expected, 1);
  return {
    expected,
    predicted,
    matched,
    speakerCorrect,
    precision,
    recall,
    f1: f1Of(precision, recall),
    speakerAccuracy: ratio(speakerCorrect, matched, 1),
    missed: scores.flatMap((s) => s.missed),
    spurious: scores.flatMap((s) => s.spurious),
    wrongSpeaker: scores.flatMap((s) => s.wrongSpeaker),
  };
}
