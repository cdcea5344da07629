import {
  MeilisearchApiError,
  MeilisearchRequestError,
  type FacetDistribution,
  type FederatedMultiSearchParams,
  type Meilisearch,
  type MultiSearchQueryWithFederation,
  type SearchResponse,
} from 'meilisearch';
import type { Statement } from '../../data/archive.types.js';
import type { StatementRepository } from '../../data/statement.repository.js';
import {
  DATE_ATTRIBUTES,
  FACET_ATTRIBUTES,
  FACET_NAMES,
  fromIdFacetValue,
  ID_FACETS,
  MATCHING_STRATEGY,
  SEARCHABLE_ATTRIBUTES,
  SEQUENCE_ATTRIBUTE,
  STEM_ATTRIBUTES,
  type FacetName,
} from '../../indexer/index-settings.js';
import { disableSemantic, EMBEDDER, queryVector, semanticEmbedder, semanticRatioFor } from '../../indexer/semantic.js';
import { toStemmedQuery } from '../../indexer/word-forms.js';
import { invalidParameter, searchUnavailable } from '../http/http-error.js';
import type { SafeHtml } from '../http/html.js';
import { freshHighlight, HIGHLIGHT_POST, HIGHLIGHT_PRE } from './highlight.js';
import { afterSequence, buildSearchFilter } from './search.filter.js';
import type { SearchQuery } from './search.query.js';
import type { CachedAnswer, CachedHit, SearchCache } from './search.cache.js';

export type FacetCounts = Record<FacetName, Record<string, number>>;

export interface SearchHit {
  statement: Statement;
  /** The quote cropped around the matches, escaped, with <mark> around matched words. */
  highlight: SafeHtml;
  /** Whether the engine's "words" rule found every query word in it; null when it did not say (one word). */
  matchesAllWords: boolean | null;
  /** Ranked by its meaning rather than its words (a search by meaning); it may hold none of the words. */
  foundByMeaning: boolean;
}

export interface SearchResult {
  /** Every statement the search finds: those matching all the query's words, then those matching only some. */
  total: number;
  /** How many of `total` match all the query's words (equal to `total` when there is at most one word). */
  matchedAll: number;
  hits: SearchHit[];
  facets: FacetCounts;
  tookMs: number;
}

/** Meilisearch ranks at most this many hits per query (its maxTotalHits); deeper pages do not exist. */
export const MAX_RANKED_HITS = 1000;

const CROP_WORDS = 48;

/** Nearer than this (cosine similarity) counts as "close in meaning" on a permalink; farther is noise. */
const SIMILAR_MIN_SCORE = 0.5;
/** A permalink reads SQLite; the engine's answer is waited for this long at most. */
const SIMILAR_TIMEOUT_MS = 1500;

export interface SearchServiceDeps {
  client: Meilisearch;
  indexUid: string;
  statements: StatementRepository;
  /** Told once when the engine refuses a search by meaning and this process falls back to words. */
  onSemanticRefused?: (reason: string) => void;
  /**
   * The engine's answers to identical searches, keyed on the index's version (read from SQLite
   * per search: every process of the archive sees each applied batch). Without it every search asks the engine.
   */
  cache?: { answers: SearchCache; indexVersion: () => number };
}

const sortOf = (query: SearchQuery): string[] | undefined =>
  query.sort === 'newest'
    ? [`${DATE_ATTRIBUTES.start}:desc`]
    : query.sort === 'oldest'
      ? [`${DATE_ATTRIBUTES.start}:asc`]
      : undefined;

/** With fewer than two words every match matches all of them, so no separate count is needed. */
const asksForExactWords = (q: string) => /"[^"]+"/.test(q) || /(?:^|\s)-[\p{L}\p{N}]/u.test(q);

const hasSeveralWords = (q: string) => (q.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) > 1;

/**
 * Matches of a stemmed word count for this share of an exact match's score: "cops" for "cops"
 * ranks before "cop" for "cops", and both are found. Chosen on the held-out dev half.
 */
export const WORD_FORM_WEIGHT = 0.9;

type Query = MultiSearchQueryWithFederation;

/**
 * The engine keeps a query's first word mandatory ("last" drops words from the end only), so a
 * question whose first word is in no quote ("Who argued that ...") finds almost nothing. Beside
 * the full query go its tails (the stemmed words from the 2nd on, from the 3rd on, ...): together
 * they find every statement holding any of the words, as an ORed search does, each tail weighted
 * by its share of the query's words so statements matching more of them rank first.
 * Chosen on the held-out dev half (q12 in BENCHMARKS.md).
 */
export const ANY_WORD_MIN_WORDS = 2;

/** At most this many tails: bounds the engine's work for a long pasted query (the judged sets' longest needs 20). */
export const MAX_TAILS = 20;

/** Federated legs for the tails of `stemmed` (the stemmed query); none for a phrase or an exclusion. */
function tailQueries(q: string, stemmed: Query): Query[] {
  if (asksForExactWords(q)) return [];
  const words = (stemmed.q ?? '').trim().split(' ').filter(Boolean);
  // A tail of negations alone would match every statement without those words.
  if (words.length < ANY_WORD_MIN_WORDS || words.some((w) => w.startsWith('-'))) return [];
  return words.slice(1, MAX_TAILS + 1).map((_, i) => ({
    ...stemmed,
    q: `${words.slice(i + 1).join(' ')} `,
    federationOptions: { weight: (WORD_FORM_WEIGHT * (words.length - i - 1)) / words.length },
  }));
}

/**
 * The keyword search of `q`: the exact words over the searchable attributes and, beside them, the
 * stemmed words over the stemmed shadows (weighted below), merged by the engine (federated search);
 * unless every word is required, the tails of the stemmed words too (tailQueries).
 */
export function keywordQueries(indexUid: string, q: string, params: Omit<Query, 'indexUid' | 'q'>): Query[] {
  const exact: Query = {
    indexUid,
    q,
    matchingStrategy: MATCHING_STRATEGY,
    attributesToSearchOn: [...SEARCHABLE_ATTRIBUTES],
    ...params,
  };
  const stemmedQ = toStemmedQuery(q);
  if (stemmedQ === '') return [exact];
  const stemmed: Query = {
    ...exact,
    q: stemmedQ,
    attributesToSearchOn: [...STEM_ATTRIBUTES],
    federationOptions: { weight: WORD_FORM_WEIGHT },
  };
  return [exact, stemmed, ...(exact.matchingStrategy === 'all' ? [] : tailQueries(q, stemmed))];
}

/** How many legs of keywordQueries search the whole query (the exact and stemmed words); the rest are tails. */
const WHOLE_QUERY_LEGS = 2;

/** One request to the engine: a federated multi-search. */
export type SearchRequest = FederatedMultiSearchParams;

export interface SearchRequests {
  active: FacetName[];
  countsAllWords: boolean;
  /** Whether the ranked list mixes in meaning (its facets then come from `counts`, words only). */
  hybrid: boolean;
  /** The ranked page (with the facets and total when not hybrid), counts, per active facet, all words. */
  ranked: SearchRequest;
  counts: SearchRequest | null;
  perFacet: SearchRequest[];
  allWords: SearchRequest | null;
}

/**
 * The federated searches one page of results takes: the ranked page, then (for a search by
 * meaning) the counts by words alone, one per active facet, and (for a query of several words) a
 * count of the statements matching all of them. Exported so the benchmark sends the engine
 * exactly what the app sends.
 */
export function buildSearchRequests(query: SearchQuery, indexUid: string, vector: number[] | null = null): SearchRequests {
  const offset = (query.page - 1) * query.perPage;
  const active = FACET_NAMES.filter((facet) => (query.filters[facet]?.length ?? 0) > 0);
  const filter = buildSearchFilter(query);
  const sort = sortOf(query);
  // Meaning ranks only what relevance orders, and only a query with a word the vectors know.
  // A "quoted phrase" or a -excluded word asks for exactly those words: meaning would widen it.
  const hybrid = vector !== null && query.q !== '' && sort === undefined && !asksForExactWords(query.q);
  const mainFacets = [...new Set(['stance', ...FACET_NAMES.filter((f) => !active.includes(f)).map((f) => FACET_ATTRIBUTES[f])])];
  const keywordRanked = keywordQueries(indexUid, query.q, {
    filter,
    sort,
    attributesToRetrieve: ['id'],
    attributesToHighlight: ['text'],
    attributesToCrop: ['text'],
    cropLength: CROP_WORDS,
    cropMarker: '…',
    highlightPreTag: HIGHLIGHT_PRE,
    highlightPostTag: HIGHLIGHT_POST,
    // Per hit, how many of the query's words the "words" rule matched: labels those matching only some.
    // With meaning mixed in, the details also tell which hits were ranked by meaning.
    showRankingScoreDetails: hasSeveralWords(query.q) || hybrid,
  });
  const [exact, ...forms] = keywordRanked as [Query, ...Query[]];
  const ranked: SearchRequest = {
    // Facets over hybrid hits would count the nearest statements by meaning too, however far.
    federation: { offset, limit: query.perPage, ...(hybrid ? {} : { facetsByIndex: { [indexUid]: mainFacets } }) },
    queries: hybrid
      ? [{ ...exact, hybrid: { embedder: EMBEDDER, semanticRatio: semanticRatioFor(query.q) }, vector }, ...forms]
      : keywordRanked,
  };
  const countOf = (q: Query[], facets: string[]): SearchRequest => ({
    federation: { limit: 0, facetsByIndex: { [indexUid]: facets } },
    queries: q,
  });
  const counts = hybrid ? countOf(keywordQueries(indexUid, query.q, { filter }), mainFacets) : null;
  // Disjunctive faceting: an active facet's counts come from the search without its own filter,
  // so the reader sees what ticking another value of it would add.
  const perFacet = active.map((facet) =>
    countOf(keywordQueries(indexUid, query.q, { filter: buildSearchFilter(query, facet) }), [FACET_ATTRIBUTES[facet]]),
  );
  // The stance facet's sum is exact (one stance per statement), as for the main total.
  const countsAllWords = hasSeveralWords(query.q);
  const allWords = countsAllWords
    ? countOf(keywordQueries(indexUid, query.q, { filter, matchingStrategy: 'all' }), [FACET_ATTRIBUTES.stance])
    : null;
  return { active, countsAllWords, hybrid, ranked, counts, perFacet, allWords };
}

/** A federated reply's facet counts for one index. */
const facetsOf = (reply: SearchResponse | undefined, indexUid: string): FacetDistribution =>
  (reply as { facetsByIndex?: Record<string, { distribution?: FacetDistribution }> } | undefined)?.facetsByIndex?.[indexUid]
    ?.distribution ?? {};

export function createSearchService({ client, indexUid, statements, onSemanticRefused, cache }: SearchServiceDeps) {
  const multiSearch = async (request: SearchRequest): Promise<SearchResponse> => {
    try {
      return await client.multiSearch(request);
    } catch (error) {
      if (isEngineDown(error)) throw searchUnavailable();
      throw error;
    }
  };

  /** The ranked page; a search by meaning the engine refuses (no embedder, an older engine) is asked again by words. */
  async function rankedPage(
    query: SearchQuery,
    requests: SearchRequests,
  ): Promise<{ requests: SearchRequests; reply: SearchResponse }> {
    try {
      return { requests, reply: await multiSearch(requests.ranked) };
    } catch (error) {
      if (!requests.hybrid || !(error instanceof MeilisearchApiError) || error.response.status !== 400) throw error;
      disableSemantic(error.message);
      onSemanticRefused?.(error.message);
      const keywordOnly = buildSearchRequests(query, indexUid, null);
      return { requests: keywordOnly, reply: await multiSearch(keywordOnly.ranked) };
    }
  }

  /** What the engine says of one page of results: counts, facets, and the ranked ids with their snippets. */
  async function askEngine(query: SearchQuery, planned: SearchRequests): Promise<CachedAnswer> {
    const [{ requests, reply: mainResult }, countsReply, allWordsReply, ...facetReplies] = await Promise.all([
      rankedPage(query, planned),
      planned.counts ? multiSearch(planned.counts) : undefined,
      planned.allWords ? multiSearch(planned.allWords) : undefined,
      ...planned.perFacet.map(multiSearch),
    ]);
    // After a refused search by meaning the ranked page carries the counts itself.
    const distribution = facetsOf(requests.hybrid ? countsReply : mainResult, indexUid);
    const facets = {} as FacetCounts;
    // The parsed reply is ours alone: its count objects are used as they are, not copied.
    for (const facet of FACET_NAMES) facets[facet] = readFacetCounts(facet, distribution[FACET_ATTRIBUTES[facet]]);
    requests.active.forEach((facet, i) => {
      facets[facet] = readFacetCounts(facet, facetsOf(facetReplies[i], indexUid)[FACET_ATTRIBUTES[facet]]);
    });
    // Every statement has exactly one stance and facet counts are exact, so this is the true
    // total even past maxTotalHits, where estimatedTotalHits stops.
    const total = sumOf(distribution[FACET_ATTRIBUTES.stance]);
    const matchedAll = allWordsReply ? Math.min(total, sumOf(facetsOf(allWordsReply, indexUid)[FACET_ATTRIBUTES.stance])) : total;

    const hits: CachedHit[] = [];
    const seen = new Set<string>();
    for (const hit of mainResult.hits) {
      const id = String(hit.id);
      if (seen.has(id)) continue;
      seen.add(id);
      const text = (hit._formatted as { text?: string } | undefined)?.text;
      const words = hit._rankingScoreDetails?.words as { matchingWords?: number; maxMatchingWords?: number } | undefined;
      // A hit found by a tail (tailQueries) lacks a leading word: its details count the tail's words only.
      const byTail = ((hit._federation as { queriesPosition?: number } | undefined)?.queriesPosition ?? 0) >= WHOLE_QUERY_LEGS;
      hits.push({
        id,
        formatted: typeof text === 'string' ? text : '',
        matchesAllWords:
          typeof words?.matchingWords === 'number' && typeof words.maxMatchingWords === 'number'
            ? !byTail && words.matchingWords >= words.maxMatchingWords
            : null,
        foundByMeaning: Boolean(hit._rankingScoreDetails?.vectorSort),
      });
    }
    return { total, matchedAll, facets, hits };
  }

  /** The engine's answer, from the cache when this very search was answered at this index version. */
  async function engineAnswer(query: SearchQuery, planned: SearchRequests): Promise<CachedAnswer> {
    if (!cache) return askEngine(query, planned);
    // Read before the engine is asked: an answer stored under a version is never older than it.
    const key = cache.answers.keyOf(cache.indexVersion(), planned);
    const cached = cache.answers.get(key);
    if (cached) return cached;
    const answer = await askEngine(query, planned);
    cache.answers.set(key, answer);
    return answer;
  }

  async function searchStatements(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const offset = (query.page - 1) * query.perPage;
    if (offset >= MAX_RANKED_HITS) {
      throw invalidParameter('page', `only the first ${MAX_RANKED_HITS} results can be paged; narrow the search with filters`);
    }
    const vector = queryVector(query.q);
    const planned = buildSearchRequests(query, indexUid, vector);
    const { total, matchedAll, facets, hits: ranked } = await engineAnswer(query, planned);
    // Each search, cached or not: the store is the truth. What the index returns is re-read from
    // SQLite in one query, so a statement retracted or edited since is never shown as it was.
    const byId = new Map(ranked.map((hit) => [hit.id, hit]));
    const found = statements.findManyByIds([...byId.keys()]).filter((s) => s.status === 'published');
    const hits = found.map((statement) => {
      const hit = byId.get(statement.id) as CachedHit;
      return {
        statement,
        // The engine's snippet may be of words edited since: made again from these when it is.
        highlight: freshHighlight(hit.formatted, statement.text, query.q, CROP_WORDS),
        matchesAllWords: hit.matchesAllWords,
        foundByMeaning: hit.foundByMeaning,
      };
    });
    return { total, matchedAll, hits, facets: facets as FacetCounts, tookMs: Math.round(performance.now() - started) };
  }

  /**
   * Every match of a search, in batches, in archive order: keyset paging on seq goes past
   * maxTotalHits, which stops offset paging at the first 1,000.
   */
  async function* iterateMatches(
    query: Pick<SearchQuery, 'q' | 'filters' | 'from' | 'to'>,
    batchSize = 1000,
    /** Only statements after this store row number (alerts: what a subscription has not seen). */
    afterSeq = 0,
  ): AsyncGenerator<Statement[]> {
    let lastSeq = afterSeq;
    for (;;) {
      let hits: { id: string; seq: number }[];
      try {
        const reply = await client.multiSearch({
          federation: { limit: batchSize },
          queries: keywordQueries(indexUid, query.q, {
            filter: afterSequence(query, lastSeq),
            sort: [`${SEQUENCE_ATTRIBUTE}:asc`],
            attributesToRetrieve: ['id', 'seq'],
          }),
        });
        hits = reply.hits as unknown as { id: string; seq: number }[];
      } catch (error) {
        if (isEngineDown(error)) throw searchUnavailable();
        throw error;
      }
      if (hits.length === 0) return;
      lastSeq = (hits.at(-1) as { seq: number }).seq;
      yield statements.findManyByIds(hits.map((h) => h.id)).filter((s) => s.status === 'published');
      if (hits.length < batchSize) return;
    }
  }

  /**
   * The published statements nearest in meaning to one (Meilisearch's similar documents on the
   * same embedder), nearest first. Empty when searching by meaning is off, or the engine is down
   * or slow: a permalink never waits on it long, never fails for it.
   */
  async function similarStatements(id: string, limit: number, exclude: ReadonlySet<string> = new Set()): Promise<Statement[]> {
    if (!semanticEmbedder() || limit <= 0) return [];
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = await Promise.race([
        client.index(indexUid).searchSimilarDocuments({
          id,
          embedder: EMBEDDER,
          limit: limit + exclude.size,
          attributesToRetrieve: ['id'],
          rankingScoreThreshold: SIMILAR_MIN_SCORE,
        }),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), SIMILAR_TIMEOUT_MS);
        }),
      ]);
      if (!reply) return [];
      const ids = reply.hits.map((hit) => String(hit.id)).filter((other) => other !== id && !exclude.has(other));
      const byId = new Map(statements.findManyByIds(ids).map((s) => [s.id, s]));
      return ids
        .map((other) => byId.get(other))
        .filter((s): s is Statement => s?.status === 'published')
        .slice(0, limit);
    } catch {
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  return { searchStatements, iterateMatches, similarStatements };
}

export type SearchService = ReturnType<typeof createSearchService>;

/** A facet's counts keyed by value; id facets' values turned back into ids (copied only when one holds a capital). */
function readFacetCounts(facet: FacetName, counts: Record<string, number> | undefined): Record<string, number> {
  if (!counts) return {};
  if (!ID_FACETS.has(facet) || !Object.keys(counts).some((value) => value.includes('.'))) return counts;
  return Object.fromEntries(Object.entries(counts).map(([value, n]) => [fromIdFacetValue(value), n]));
}

/**
 * Whether the engine cannot serve searches now: unreachable, failing, without the index, refusing
 * our key (revoked), or too busy (408 when it could not even read the request in time under
 * overload, 429): the reader gets a 503 to try again, never a 500.
 */
function isEngineDown(error: unknown): boolean {
  if (error instanceof MeilisearchRequestError) return true;
  if (error instanceof MeilisearchApiError) {
    const { status } = error.response;
    return status >= 500 || [401, 403, 408, 429].includes(status) || error.cause?.code === 'index_not_found';
  }
  return false;
}

const sumOf = (counts: Record<string, number> | undefined) => Object.values(counts ?? {}).reduce((sum, n) => sum + n, 0);
