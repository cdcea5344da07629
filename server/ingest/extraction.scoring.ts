// Scoring an extractor on an evaluation set whose entries carry a kind (quote or paraphrase), a
// role and hard-case tags: span precision/recall/F1 per kind, speaker, role and kind accuracy, and
// a breakdown per hard-case tag. Built on the one-to-one word-overlap match of extraction.metrics.
import { f1Of, MATCH_THRESHOLD, overlapRatio, sameSpeaker } from './extraction.metrics.js';

export interface ExpectedEntry {
  text: string;
  speaker: string | null;
  role?: string | null;
  kind?: 'quote' | 'paraphrase';
  hard?: string[];
  time_start?: number;
  time_end?: number;
}

export interface PredictedEntry {
  text: string;
  speaker: string | null;
  role?: string | null;
  kind?: string;
  confidence?: number;
}

/**
 * A paraphrase has no quote marks to fix its ends, so its span matches at a lower overlap than a
 * quote's: 75% of the longer one's characters, words in order.
 */
export const PARAPHRASE_THRESHOLD = 0.75;

export interface Counts {
  expected: number;
  predicted: number;
  matched: number;
  speakerCorrect: number;
  /** Matches whose expected entry gives a role (null included); a fixture without the field is not scored on it. */
  roleScored: number;
  roleCorrect: number;
}

export interface TagCounts {
  expected: number;
  matched: number;
  speakerCorrect: number;
}

export interface Mismatch {
  expected: ExpectedEntry;
  predicted: PredictedEntry;
}

export interface DocumentScore {
  quotes: Counts;
  paraphrases: Counts;
  /** Any kind matched to any kind (at the paraphrase threshold): how many got the right kind. */
  kinds: { matched: number; correct: number };
  tags: Record<string, TagCounts>;
  missed: ExpectedEntry[];
  spurious: PredictedEntry[];
  wrongSpeaker: Mismatch[];
  wrongRole: Mismatch[];
  wrongKind: Mismatch[];
}

interface Pair {
  p: number;
  e: number;
  overlap: number;
}

/** One-to-one pairs of predicted and expected entries, best overlaps first. */
export function matchEntries(
  predicted: readonly { text: string }[],
  expected: readonly { text: string }[],
  threshold: number,
): Pair[] {
  const candidates: Pair[] = [];
  predicted.forEach((p, pi) =>
    expected.forEach((e, ei) => {
      const overlap = overlapRatio(p.text, e.text);
      if (overlap >= threshold) candidates.push({ p: pi, e: ei, overlap });
    }),
  );
  candidates.sort((a, b) => b.overlap - a.overlap);
  const usedP = new Set<number>();
  const usedE = new Set<number>();
  const pairs: Pair[] = [];
  for (const pair of candidates) {
    if (usedP.has(pair.p) || usedE.has(pair.e)) continue;
    usedP.add(pair.p);
    usedE.add(pair.e);
    pairs.push(pair);
  }
  return pairs;
}

function foldRole(role: string | null | undefined): string {
  return (role ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/^(?:a|an|the)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Roles agree when both are missing, or one (folded: case, punctuation, articles) contains the other. */
export function sameRole(predicted: string | null | undefined, expected: string | null | undefined): boolean {
  const p = foldRole(predicted);
  const e = foldRole(expected);
  if (p === '' || e === '') return p === e;
  return p.includes(e) || e.includes(p);
}

const kindOf = (entry: { kind?: string }) => (entry.kind === 'paraphrase' ? 'paraphrase' : 'quote');

function emptyCounts(): Counts {
  return { expected: 0, predicted: 0, matched: 0, speakerCorrect: 0, roleScored: 0, roleCorrect: 0 };
}

function emptyScore(): DocumentScore {
  return {
    quotes: emptyCounts(),
    paraphrases: emptyCounts(),
    kinds: { matched: 0, correct: 0 },
    tags: {},
    missed: [],
    spurious: [],
    wrongSpeaker: [],
    wrongRole: [],
    wrongKind: [],
  };
}

export function scoreDocument(predicted: readonly PredictedEntry[], expected: readonly ExpectedEntry[]): DocumentScore {
  const score = emptyScore();
  for (const kind of ['quote', 'paraphrase'] as const) {
    const p = predicted.filter((entry) => kindOf(entry) === kind);
    const e = expected.filter((entry) => kindOf(entry) === kind);
    const counts = kind === 'quote' ? score.quotes : score.paraphrases;
    const pairs = matchEntries(p, e, kind === 'quote' ? MATCH_THRESHOLD : PARAPHRASE_THRESHOLD);
    counts.expected = e.length;
    counts.predicted = p.length;
    counts.matched = pairs.length;
    const matchedE = new Map(pairs.map((pair) => [pair.e, pair.p]));
    const matchedP = new Set(pairs.map((pair) => pair.p));
    e.forEach((entry, ei) => {
      const pi = matchedE.get(ei);
      const found = pi === undefined ? undefined : p[pi];
      const speakerRight = found !== undefined && sameSpeaker(found.speaker, entry.speaker);
      if (found === undefined) score.missed.push(entry);
      else {
        if (speakerRight) counts.speakerCorrect++;
        else score.wrongSpeaker.push({ expected: entry, predicted: found });
        if (entry.role !== undefined) {
          counts.roleScored++;
          if (sameRole(found.role, entry.role)) counts.roleCorrect++;
          else score.wrongRole.push({ expected: entry, predicted: found });
        }
      }
      for (const tag of entry.hard ?? []) {
        const tally = (score.tags[tag] ??= { expected: 0, matched: 0, speakerCorrect: 0 });
        tally.expected++;
        if (found !== undefined) tally.matched++;
        if (speakerRight) tally.speakerCorrect++;
      }
    });
    p.forEach((entry, pi) => {
      if (!matchedP.has(pi)) score.spurious.push(entry);
    });
  }
  for (const pair of matchEntries(predicted, expected, PARAPHRASE_THRESHOLD)) {
    const p = predicted[pair.p] as PredictedEntry;
    const e = expected[pair.e] as ExpectedEntry;
    score.kinds.matched++;
    if (kindOf(p) === kindOf(e)) score.kinds.correct++;
    else score.wrongKind.push({ expected: e, predicted: p });
  }
  return score;
}

export interface Rates {
  expected: number;
  predicted: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  speakerAccuracy: number;
  roleAccuracy: number;
}

const ratio = (numerator: number, denominator: number, empty: number) => (denominator === 0 ? empty : numerator / denominator);

export function ratesOf(counts: Counts): Rates {
  const precision = ratio(counts.matched, counts.predicted, 1);
  const recall = ratio(counts.matched, counts.expected, 1);
  return {
    expected: counts.expected,
    predicted: counts.predicted,
    matched: counts.matched,
    precision,
    recall,
    f1: f1Of(precision, recall),
    speakerAccuracy: ratio(counts.speakerCorrect, counts.matched, 1),
    roleAccuracy: ratio(counts.roleCorrect, counts.roleScored, 1),
  };
}

function addCounts(a: Counts, b: Counts): Counts {
  return {
    expected: a.expected + b.expected,
    predicted: a.predicted + b.predicted,
    matched: a.matched + b.matched,
    speakerCorrect: a.speakerCorrect + b.speakerCorrect,
    roleScored: a.roleScored + b.roleScored,
    roleCorrect: a.roleCorrect + b.roleCorrect,
  };
}

/** Micro-averaged totals over a set of documents. */
export function totalOf(scores: readonly DocumentScore[]): DocumentScore {
  const total = emptyScore();
  for (const score of scores) {
    total.quotes = addCounts(total.quotes, score.quotes);
    total.paraphrases = addCounts(total.paraphrases, score.paraphrases);
    total.kinds.matched += score.kinds.matched;
    total.kinds.correct += score.kinds.correct;
    for (const [tag, counts] of Object.entries(score.tags)) {
      const tally = (total.tags[tag] ??= { expected: 0, matched: 0, speakerCorrect: 0 });
      tally.expected += counts.expected;
      tally.matched += counts.matched;
      tally.speakerCorrect += counts.speakerCorrect;
    }
    total.missed.push(...score.missed);
    total.spurious.push(...score.spurious);
    total.wrongSpeaker.push(...score.wrongSpeaker);
    total.wrongRole.push(...score.wrongRole);
    total.wrongKind.push(...score.wrongKind);
  }
  return total;
}

export function kindAccuracy(score: DocumentScore): number {
  return ratio(score.kinds.correct, score.kinds.matched, 1);
}
