import { distance } from 'fastest-levenshtein';
import { BKTree } from 'mnemonist';

/** Where a word of the vocabulary comes from: what statements say, or a name the archive files them under. */
export type VocabularyKind = 'word' | 'speaker' | 'organization' | 'measure' | 'meeting' | 'place' | 'topic';

export interface VocabularyLimits {
  /** At most this many words are known (checked before suggesting); further new words count as unknown. */
  maxKnown: number;
  /** At most this many words and names can be suggested: the most frequent. */
  maxSuggestable: number;
  /**
   * A word from statement text is suggested only if at least this many statements use it: a word
   * said once may itself be a slip of the transcriber's, and names are taken as curated.
   */
  minStatements: number;
}

export const DEFAULT_VOCABULARY_LIMITS: VocabularyLimits = { maxKnown: 400_000, maxSuggestable: 60_000, minStatements: 2 };

interface Entry {
  /** The form shown and put into the corrected query (a name's own capitals and accents). */
  display: string;
  kind: VocabularyKind;
  /** Statements the word or name is found in (of those read). */
  statements: number;
}

export interface WordSuggestion {
  word: string;
  kind: VocabularyKind;
  distance: number;
  statements: number;
}

/** The letters and digits of a text, as Meilisearch splits it (apostrophes and hyphens split words too). */
const WORD = /[\p{L}\p{N}]+/gu;
// eslint-disable-next-line no-control-regex -- the ASCII range, on purpose
const ASCII = /^[\x00-\x7f]*$/;
const DIGIT = /[0-9]/;

/** A word as the engine compares it: lower case, accents dropped. */
export function normalizeWord(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * How far a word may be from a suggestion: none for short words (three letters have too many
 * neighbours to guess from), one edit for four letters, two from five on.
 */
export function maxEditsFor(word: string): number {
  const n = [...word].length;
  return n < 4 ? 0 : n === 4 ? 1 : 2;
}

/**
 * The archive's own words and names, to tell which query words it has never seen and to find the
 * nearest ones it has. Fed statement by statement (VocabularyBuilder), then frozen.
 */
export class Vocabulary {
  readonly #known: ReadonlySet<string>;
  readonly #entries: ReadonlyMap<string, Entry>;
  readonly #tree: BKTree<string>;
  readonly #stopWords: ReadonlySet<string>;

  /** Use VocabularyBuilder. */
  constructor(
    known: ReadonlySet<string>,
    entries: ReadonlyMap<string, Entry>,
    stopWords: ReadonlySet<string>,
    tree: BKTree<string>,
  ) {
    this.#known = known;
    this.#entries = entries;
    this.#stopWords = stopWords;
    this.#tree = tree;
  }

  /** Words the archive knows (any form it holds, suggestable or not). */
  get knownCount(): number {
    return this.#known.size;
  }

  get suggestableCount(): number {
    return this.#entries.size;
  }

  /** Whether a query word needs no correction: the archive has it, it is a stop word, or it holds a digit. */
  knows(word: string): boolean {
    const key = normalizeWord(word);
    return this.#known.has(key) || this.#stopWords.has(key) || /\p{N}/u.test(key);
  }

  /**
   * The suggestable words nearest to an unknown word (all at the least distance found): those
   * sharing its first letter first, then the most used.
   */
  nearest(word: string, limit = 3): WordSuggestion[] {
    const key = normalizeWord(word);
    const edits = maxEditsFor(key);
    if (edits === 0 || this.knows(key)) return [];
    return (
      this.#tree
        .search(edits, key)
        .filter(({ item }) => item !== key)
        .map(({ item, distance: d }) => ({ item, d, entry: this.#entries.get(item) as Entry }))
        .sort(
          (a, b) =>
            a.d - b.d ||
            Number(b.item[0] === key[0]) - Number(a.item[0] === key[0]) ||
            b.entry.statements - a.entry.statements ||
            a.item.localeCompare(b.item),
        )
        // Only the nearest: "police" for "folice", not also "force" two edits away.
        .filter(({ d }, _, [best]) => d === best?.d)
        .slice(0, limit)
        .map(({ d, entry }) => ({ word: entry.display, kind: entry.kind, distance: d, statements: entry.statements }))
    );
  }
}

/** Collects words and names statement by statement (each counted once per statement), within the limits. */
export class VocabularyBuilder {
  readonly #limits: VocabularyLimits;
  readonly #stopWords: ReadonlySet<string>;
  readonly #known = new Set<string>();
  readonly #counts = new Map<string, Entry>();
  readonly #names = new Map<string, [string, string][]>();

  constructor(stopWords: Iterable<string>, limits: VocabularyLimits = DEFAULT_VOCABULARY_LIMITS) {
    this.#stopWords = new Set([...stopWords].map(normalizeWord));
    this.#limits = limits;
  }

  /**
   * One statement: its words, and the names it is filed under. Only the first kind seen for a word
   * is kept; a name's kind wins over plain text so its capitals are what is suggested.
   */
  addStatement(texts: (string | null)[], names: { kind: Exclude<VocabularyKind, 'word'>; name: string | null }[] = []): void {
    const seen = new Set<string>();
    for (const text of texts) {
      if (!text) continue;
      // Most text is plain ASCII: its words need lower case only, not Unicode normalisation.
      const ascii = ASCII.test(text);
      for (const word of wordsOf(text)) {
        const lower = word.toLowerCase();
        if (ascii ? !DIGIT.test(lower) : !/\p{N}/u.test(lower))
          this.#add(ascii ? lower : normalizeWord(word), lower, 'word', seen);
      }
    }
    for (const { kind, name } of names)
      if (name) for (const [key, word] of this.#wordsOfName(name)) this.#add(key, word, kind, seen);
  }

  /** A topic label (a name not tied to one statement): known and suggestable, counted once. */
  addName(kind: Exclude<VocabularyKind, 'word'>, name: string): void {
    const seen = new Set<string>();
    for (const [key, word] of this.#wordsOfName(name)) this.#add(key, word, kind, seen);
  }

  /** A name's words with their keys; the same names recur on statement after statement, so they are split once. */
  #wordsOfName(name: string): [string, string][] {
    let words = this.#names.get(name);
    if (!words) {
      words = wordsOf(name)
        .filter((word) => !/\p{N}/u.test(word))
        .map((word) => [normalizeWord(word), word]);
      if (this.#names.size >= 100_000) this.#names.clear();
      this.#names.set(name, words);
    }
    return words;
  }

  #add(key: string, display: string, kind: VocabularyKind, seen: Set<string>): void {
    if (this.#stopWords.has(key)) return;
    if (!this.#known.has(key)) {
      if (this.#known.size >= this.#limits.maxKnown) return;
      this.#known.add(key);
    }
    const entry = this.#counts.get(key);
    if (!entry) this.#counts.set(key, { display, kind, statements: 1 });
    else {
      if (!seen.has(key)) entry.statements += 1;
      if (entry.kind === 'word' && kind !== 'word') Object.assign(entry, { kind, display });
    }
    seen.add(key);
  }

  #suggestable(): Map<string, Entry> {
    const { minStatements, maxSuggestable } = this.#limits;
    const suggestable = [...this.#counts]
      .filter(([key, entry]) => [...key].length >= 4 && (entry.kind !== 'word' || entry.statements >= minStatements))
      .sort(([, a], [, b]) => b.statements - a.statements)
      .slice(0, maxSuggestable);
    return new Map(suggestable);
  }

  build(): Vocabulary {
    const entries = this.#suggestable();
    return new Vocabulary(this.#known, entries, this.#stopWords, BKTree.from([...entries.keys()], distance));
  }

  /**
   * The same, with the search tree grown a slice at a time and `pause` awaited between slices: tens
   * of thousands of words take a few hundred milliseconds, which must not hold up requests.
   */
  async buildInSlices(pause: () => Promise<void>, slice = 2000): Promise<Vocabulary> {
    const entries = this.#suggestable();
    const tree = new BKTree<string>(distance);
    let added = 0;
    for (const key of entries.keys()) {
      tree.add(key);
      if (++added % slice === 0) await pause();
    }
    return new Vocabulary(this.#known, entries, this.#stopWords, tree);
  }
}

/** At most this many unknown words of one query are looked up. */
export const MAX_CORRECTED_WORDS = 4;
const MAX_WORD_LENGTH = 30;

/** A query with its unknown words replaced by the nearest the archive has. */
export interface CorrectedQuery {
  q: string;
  /** The query cut into what stayed and what was replaced, for showing the change. */
  parts: { text: string; changed: boolean }[];
}

/**
 * Corrections for a query: for a query of one word, up to `limit` alternatives; for several words,
 * one query with every unknown word that has a near neighbour replaced. Known words,
 * stop words, numbers and excluded words (`-word`) stay as typed; quotes and spacing are kept.
 */
export function correctQuery(vocabulary: Vocabulary, q: string, limit = 3): CorrectedQuery[] {
  const tokens: { text: string; start: number; alternatives: string[] }[] = [];
  let looked = 0;
  for (const match of q.matchAll(WORD)) {
    const text = match[0];
    const start = match.index;
    const excluded = q[start - 1] === '-' && (start === 1 || /\s/u.test(q[start - 2] ?? ''));
    // A bounded number of look-ups per query, of words no longer than a word can be: a query of
    // 500 characters of gibberish must cost no more than a short one.
    const lookUp = !excluded && text.length <= MAX_WORD_LENGTH && looked < MAX_CORRECTED_WORDS && !vocabulary.knows(text);
    if (lookUp) looked += 1;
    const alternatives = lookUp ? vocabulary.nearest(text, limit).map((s) => matchCase(s.word, text)) : [];
    tokens.push({ text, start, alternatives });
  }
  const unknown = tokens.filter((t) => t.alternatives.length > 0);
  if (unknown.length === 0) return [];
  const rebuild = (choose: (token: (typeof tokens)[number]) => string | undefined): CorrectedQuery => {
    const parts: CorrectedQuery['parts'] = [];
    let at = 0;
    for (const token of tokens) {
      const replacement = choose(token);
      if (replacement === undefined) continue;
      if (token.start > at) parts.push({ text: q.slice(at, token.start), changed: false });
      parts.push({ text: replacement, changed: true });
      at = token.start + token.text.length;
    }
    if (at < q.length) parts.push({ text: q.slice(at), changed: false });
    return { q: parts.map((p) => p.text).join(''), parts: mergeUnchanged(parts) };
  };
  if (tokens.length === 1) {
    const [only] = tokens as [(typeof tokens)[number]];
    return only.alternatives.map((alternative) => rebuild((t) => (t === only ? alternative : undefined)));
  }
  return [rebuild((t) => t.alternatives[0])];
}

/** The suggestion in the case the reader typed: all lower case stays lower case, otherwise the archive's form. */
function matchCase(suggestion: string, typed: string): string {
  return typed === typed.toLowerCase() ? suggestion.toLowerCase() : suggestion;
}

function mergeUnchanged(parts: CorrectedQuery['parts']): CorrectedQuery['parts'] {
  const merged: CorrectedQuery['parts'] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (last && !last.changed && !part.changed) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}
