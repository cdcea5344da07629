import stemWord from 'wink-porter2-stemmer';
import { loadStopWords } from './index-settings.js';

let stopWords: ReadonlySet<string> | null = null;
/** The engine's stop words are left out of the stems too: their stems ("veri", "doe") are not stop words. */
const isStopWord = (word: string) => (stopWords ??= new Set(loadStopWords())).has(word.toLowerCase());

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The Porter2 (Snowball English) stem of one word, lowercased: "cops" -> "cop", "testified" -> "testifi". */
export function stem(word: string): string {
  const lower = word.toLowerCase().replace(/’/g, "'");
  // Possessives and contractions stem as their base word ("officer's" -> "offic").
  return stemWord(lower.replace(/'s$/, ''));
}

/**
 * The text with every word replaced by its stem and everything else dropped: what the shadow
 * attributes hold, so "cop" finds "cops" and "testify" finds "testified".
 */
export function toStems(text: string | null | undefined): string {
  if (!text) return '';
  return Array.from(text.matchAll(WORD), (m) => (isStopWord(m[0]) ? '' : stem(m[0])))
    .filter(Boolean)
    .join(' ');
}

/**
 * The query with its words stemmed, keeping quotes (a quoted phrase stays a phrase) and a
 * leading "-" (Meilisearch's negation). Empty when the query has no word. It ends with a space:
 * Meilisearch then takes the last word whole, not as a prefix ("polic" must not find "polici").
 */
export function toStemmedQuery(q: string): string {
  // A hyphen inside a word ("re-election") joins two words; only one after a space negates. Left
  // in, it would negate the next stem once a stop word before it ("re") is dropped.
  const words = q.replace(/(?<=[\p{L}\p{N}])-/gu, ' ');
  const stemmed = words.replace(WORD, (word) => (isStopWord(word) ? '' : stem(word)));
  return /[\p{L}\p{N}]/u.test(stemmed) ? `${stemmed.replace(/\s+/g, ' ').trim()} ` : '';
}
