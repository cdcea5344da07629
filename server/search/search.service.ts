import { MeilisearchApiError, MeilisearchRequestError, type Meilisearch, type MultiSearchQuery } from 'meilisearch';
import type { Statement } from '../../data/archive.types.js';
import type { StatementRepository } from '../../data/statement.repository.js';
import {
  DATE_ATTRIBUTES,
  FACET_ATTRIBUTES,
  FACET_NAMES,
  fromIdFacetValue,
  ID_FACETS,
  MATCHING_STRATEGY,
  SEQUENCE_ATTRIBUTE,
  type FacetName,
} from '../../indexer/index-settings.js';
import { invalidParameter, searchUnavailable } from '../http/http-error.js';
import type { SafeHtml } from '../http/html.js';
import { freshHighlight, HIGHLIGHT_POST, HIGHLIGHT_PRE } from './highlight.js';
import { afterSequence, buildSearchFilter } from './search.filter.js';
import type { SearchQuery } from './search.query.js';

export type FacetCounts = Record<FacetName, Record<string, number>>;

export interface SearchHit {
  statement: Statement;
  /** The quote cropped around the matches, escaped, with <mark> around matched words. */
  highlight: SafeHtml;
  /** Whether the engine's "words" rule found every query word in it; null when it did not say (one word). */
  matchesAllWords: boolean | null;
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

export interface SearchServiceDeps {
  client: Meilisearch;
  indexUid: string;
  statements: StatementRepository;
}

const sortOf = (query: SearchQuery): string[] | undefined =>
  query.sort === 'newest'
    ? [`${DATE_ATTRIBUTES.start}:desc`]
    : query.sort === 'oldest'
      ? [`${DATE_ATTRIBUTES.start}:asc`]
      : undefined;

/** With fewer than two words every match matches all of them, so no separate count is needed. */
const hasSeveralWords = (q: string) => (q.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) > 1;

/**
 * The multi-search one page of results takes: the main query, then one per active facet, then
 * (for a query of several words) a count of the statements matching all of them.
 * Exported so the benchmark sends the engine exactly what the app sends.
 */
export function buildSearchRequests(
  query: SearchQuery,
  indexUid: string,
): { active: FacetName[]; countsAllWords: boolean; queries: MultiSearchQuery[] } {
  const offset = (query.page - 1) * query.perPage;
  const active = FACET_NAMES.filter((facet) => (query.filters[facet]?.length ?? 0) > 0);
  // Disjunctive faceting: an active facet's counts come from the search without its own filter,
  // so the reader sees what ticking another value of it would add.
  const main: MultiSearchQuery = {
    indexUid,
    q: query.q,
    matchingStrategy: MATCHING_STRATEGY,
    filter: buildSearchFilter(query),
    facets: [...new Set(['stance', ...FACET_NAMES.filter((f) => !active.includes(f)).map((f) => FACET_ATTRIBUTES[f])])],
    offset,
    limit: query.perPage,
    sort: sortOf(query),
    attributesToRetrieve: ['id'],
    attributesToHighlight: ['text'],
    attributesToCrop: ['text'],
    cropLength: CROP_WORDS,
    cropMarker: '…',
    highlightPreTag: HIGHLIGHT_PRE,
    highlightPostTag: HIGHLIGHT_POST,
    // Per hit, how many of the query's words the "words" rule matched: labels those matching only some.
    showRankingScoreDetails: hasSeveralWords(query.q),
  };
  const perFacet: MultiSearchQuery[] = active.map((facet) => ({
    indexUid,
    q: query.q,
    matchingStrategy: MATCHING_STRATEGY,
    filter: buildSearchFilter(query, facet),
    facets: [FACET_ATTRIBUTES[facet]],
    limit: 0,
  }));
  // The stance facet's sum is exact (one stance per statement), as for the main total.
  const countsAllWords = hasSeveralWords(query.q);
  const allWords: MultiSearchQuery[] = countsAllWords
    ? [{ indexUid, q: query.q, matchingStrategy: 'all', filter: main.filter, facets: [FACET_ATTRIBUTES.stance], limit: 0 }]
    : [];
  return { active, countsAllWords, queries: [main, ...perFacet, ...allWords] };
}

export function createSearchService({ client, indexUid, statements }: SearchServiceDeps) {
  async function searchStatements(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const offset = (query.page - 1) * query.perPage;
    if (offset >= MAX_RANKED_HITS) {
      throw invalidParameter('page', `only the first ${MAX_RANKED_HITS} results can be paged; narrow the search with filters`);
    }
    const { active, countsAllWords, queries } = buildSearchRequests(query, indexUid);

    let responses;
    try {
      responses = (await client.multiSearch({ queries })).results;
    } catch (error) {
      if (isEngineDown(error)) throw searchUnavailable();
      throw error;
    }
    const [mainResult, ...facetResults] = responses;
    if (!mainResult) throw searchUnavailable();

    const distribution = mainResult.facetDistribution ?? {};
    const facets = {} as FacetCounts;
    // The parsed reply is ours alone: its count objects are used as they are, not copied.
    for (const facet of FACET_NAMES) facets[facet] = readFacetCounts(facet, distribution[FACET_ATTRIBUTES[facet]]);
    active.forEach((facet, i) => {
      facets[facet] = readFacetCounts(facet, facetResults[i]?.facetDistribution?.[FACET_ATTRIBUTES[facet]]);
    });
    // Every statement has exactly one stance and facet counts are exact, so this is the true
    // total even past maxTotalHits, where estimatedTotalHits stops.
    const total = sumOf(distribution[FACET_ATTRIBUTES.stance]);
    const allWordsResult = countsAllWords ? facetResults[active.length] : undefined;
    const matchedAll = allWordsResult
      ? Math.min(total, sumOf(allWordsResult.facetDistribution?.[FACET_ATTRIBUTES.stance]))
      : total;

    const formatted = new Map<string, string>();
    const allWords = new Map<string, boolean>();
    for (const hit of mainResult.hits) {
      const text = (hit._formatted as { text?: string } | undefined)?.text;
      formatted.set(String(hit.id), typeof text === 'string' ? text : '');
      const words = hit._rankingScoreDetails?.words as { matchingWords?: number; maxMatchingWords?: number } | undefined;
      if (typeof words?.matchingWords === 'number' && typeof words.maxMatchingWords === 'number')
        allWords.set(String(hit.id), words.matchingWords >= words.maxMatchingWords);
    }
    // The store is the truth: what the index returns is re-read from SQLite in one query.
    const found = statements.findManyByIds([...formatted.keys()]).filter((s) => s.status === 'published');
    const hits = found.map((statement) => ({
      statement,
      // The engine's snippet may be of words edited since: made again from these when it is.
      highlight: freshHighlight(formatted.get(statement.id), statement.text, query.q, CROP_WORDS),
      matchesAllWords: allWords.get(statement.id) ?? null,
    }));
    return { total, matchedAll, hits, facets, tookMs: Math.round(performance.now() - started) };
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
    const index = client.index(indexUid);
    let lastSeq = afterSeq;
    for (;;) {
      let hits: { id: string; seq: number }[];
      try {
        hits = (
          await index.search(query.q, {
            filter: afterSequence(query, lastSeq),
            sort: [`${SEQUENCE_ATTRIBUTE}:asc`],
            limit: batchSize,
            matchingStrategy: MATCHING_STRATEGY,
            attributesToRetrieve: ['id', 'seq'],
          })
        ).hits as { id: string; seq: number }[];
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

  return { searchStatements, iterateMatches };
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
