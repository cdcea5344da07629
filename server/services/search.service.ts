import type { Store } from '../../data/store.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { FIXED_FACET_LABELS, LOOKED_UP_FACETS, type FacetLabels } from '../search/facet-labels.js';
import { selectShownFacetValues, type FacetSelection } from '../search/facet-selection.js';
import type { SearchPageQuery, SearchQuery } from '../search/search.query.js';
import type { FacetCounts, SearchResult, SearchService } from '../search/search.service.js';
import { correctQuery, type CorrectedQuery } from '../search/vocabulary.js';
import { narrowToDivision } from './division.filter.js';
import type { VocabularyService } from './vocabulary.service.js';

/** A corrected query that was tried and finds more: what "Did you mean" offers. */
export interface QuerySuggestion extends CorrectedQuery {
  /** What the corrected search finds, with the same filters. */
  total: number;
  matchedAll: number;
}

/**
 * "Did you mean" is offered when fewer than this many statements match all the query's words (for
 * one word: fewer than this many match it), and only for words the archive has never seen.
 */
export const SUGGEST_BELOW = 3;

/** Everything the search page shows: the hits, the facet values it lists and their names. */
export interface SearchPage {
  query: SearchQuery;
  result: SearchResult;
  shown: FacetSelection;
  labels: FacetLabels;
  /** Parameters the page did not know, which it says it ignored. */
  ignored: string[];
  didYouMean: QuerySuggestion[];
}

export interface SearchPageServiceDeps {
  /** The engine search (server/search/search.service.ts). */
  search: SearchService;
  /** Where the looked-up facets' names come from. */
  store: Pick<Store, 'measures' | 'speakers' | 'organizations' | 'topics'>;
  /** The archive's words and names, for "Did you mean". */
  vocabulary: Pick<VocabularyService, 'current'>;
}

/** The search page's use case: search, pick the facet values to show, name them (SQLite, once per kind). */
export function createSearchPageService({ search, store, vocabulary }: SearchPageServiceDeps) {
  const named = { measure: store.measures, speaker: store.speakers, organization: store.organizations, topic: store.topics };
  function loadFacetLabels(facets: FacetCounts, query: SearchQuery): FacetLabels {
    const valuesOf = (facet: FacetName) => [...new Set([...Object.keys(facets[facet] ?? {}), ...(query.filters[facet] ?? [])])];
    const labels = {} as Record<FacetName, ReadonlyMap<string, string>>;
    for (const facet of FACET_NAMES) labels[facet] = new Map();
    Object.assign(labels, FIXED_FACET_LABELS);
    for (const [facet, kind] of Object.entries(LOOKED_UP_FACETS) as [
      FacetName,
      (typeof LOOKED_UP_FACETS)[keyof typeof LOOKED_UP_FACETS],
    ][]) {
      labels[facet] = named[kind].findLabels(valuesOf(facet));
    }
    return labels;
  }

  /**
   * Corrections of the query's unknown words that find more statements (or more matching all the words),
   * with the same filters: each is searched before it is offered, so a suggestion never leads
   * to an empty page. Nothing while the vocabulary is still being built.
   */
  async function suggestQueries(query: SearchQuery, result: SearchResult): Promise<QuerySuggestion[]> {
    if (!query.q || result.matchedAll >= SUGGEST_BELOW) return [];
    const words = vocabulary.current();
    if (!words) return [];
    const tried = await Promise.all(
      correctQuery(words, query.q).map(async (corrected) => {
        const found = await search.searchStatements({ ...query, q: corrected.q, page: 1, perPage: 1 });
        return { ...corrected, total: found.total, matchedAll: found.matchedAll };
      }),
    );
    return tried.filter((s) => s.matchedAll > result.matchedAll || s.total > result.total);
  }

  async function searchPage({ query: asked, expanded, ignored }: SearchPageQuery): Promise<SearchPage> {
    const query = narrowToDivision(asked, store.organizations);
    const result = await search.searchStatements(query);
    const shown = selectShownFacetValues(query, result.facets, expanded);
    const didYouMean = await suggestQueries(query, result);
    return { query, result, shown, labels: loadFacetLabels(shown.counts, query), ignored, didYouMean };
  }

  return {
    searchPage,
    /** The JSON API's search: the hits and every facet's counts, no labels; "Did you mean" as for the page. */
    async searchStatements(asked: SearchQuery): Promise<{ result: SearchResult; didYouMean: QuerySuggestion[] }> {
      const query = narrowToDivision(asked, store.organizations);
      const result = await search.searchStatements(query);
      return { result, didYouMean: await suggestQueries(query, result) };
    },
  };
}

export type SearchPageService = ReturnType<typeof createSearchPageService>;
