/**
 * The fixed query list of the performance benchmark: single words (frequent and rare), phrases,
 * multi-word queries, typos, and browsing with no words; each with 0-3 filters. Deterministic,
 * and built from the same tables as the corpus, so filters name values that exist.
 */
import {
  createRng,
  CORPUS_SHAPE,
  PHRASES,
  ROLE_CATEGORIES,
  STANCES,
  STATES,
  TOPIC_SLUGS,
  VOCABULARY,
} from './corpus.generator.js';

/** Search parameters as a reader sends them (repeatable keys as arrays). */
export type BenchQuery = Record<string, string | string[]>;

function typo(word: string, rng: () => number): string {
  const i = 1 + Math.floor(rng() * (word.length - 2));
  const kind = Math.floor(rng() * 3);
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1); // a letter dropped
  if (kind === 1) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // two swapped
  return word.slice(0, i) + 'e' + word.slice(i + 1); // one replaced
}

export function buildBenchQueries(count = 220, seed = 7): BenchQuery[] {
  const rng = createRng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const contentWords = VOCABULARY.filter((w) => w.length >= 4);
  const longWords = VOCABULARY.filter((w) => w.length >= 6);

  const texts: string[] = [];
  // Frequent words (many matches, big facet work) and rarer ones.
  for (let i = 0; i < 40; i++) texts.push(contentWords[i] as string);
  for (let i = 0; i < 30; i++) texts.push(pick(contentWords.slice(100)));
  for (const phrase of PHRASES) texts.push(`"${phrase}"`);
  for (let i = 0; i < 40; i++)
    texts.push(`${pick(contentWords)} ${pick(contentWords)}${rng() < 0.5 ? ` ${pick(contentWords)}` : ''}`);
  for (let i = 0; i < 40; i++) texts.push(typo(pick(longWords), rng) + (rng() < 0.4 ? ` ${typo(pick(longWords), rng)}` : ''));
  for (let i = 0; i < 20; i++) texts.push(pick(PHRASES));
  while (texts.length < count) texts.push(rng() < 0.5 ? '' : pick(contentWords));

  const filterMakers: (() => [string, string])[] = [
    () => ['stance', pick(STANCES)],
    () => ['role', pick(ROLE_CATEGORIES)],
    () => ['state', pick(STATES)],
    () => ['topic', pick(TOPIC_SLUGS)],
    () => ['year', String(2015 + Math.floor(rng() * 12))],
    () => ['kind', pick(['quote', 'paraphrase', 'written_comment'])],
    () => ['body', `d-${Math.floor(rng() * CORPUS_SHAPE.districts)}`],
    () => ['measure', `m-${Math.floor(rng() * CORPUS_SHAPE.districts)}-${Math.floor(rng() * CORPUS_SHAPE.measuresPerDistrict)}`],
  ];
  return texts.slice(0, count).map((q, i) => {
    const query: BenchQuery = {};
    if (q) query.q = q;
    // 0-3 filters, cycling so each count is well represented.
    const filters = i % 4;
    for (let f = 0; f < filters; f++) {
      const [name, value] = pick(filterMakers)();
      const existing = query[name];
      query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    if (i % 9 === 0) query.sort = 'newest';
    return query;
  });
}

/** The query string the app receives for a query. */
export function toQueryString(query: BenchQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
}
