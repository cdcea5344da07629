import type { Store } from '../../data/store.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { FIXED_FACET_LABELS, LOOKED_UP_FACETS, type FacetLabels } from '../search/facet-labels.js';
import { selectShownFacetValues, type FacetSelection } from '../search/facet-selection.js';
import type { SearchPageQuery, SearchQuery } from '../search/search.query.js';
import type { FacetCounts, SearchResult, SearchService } from '../search/search.service.js';

/** Everything the search page shows: the hits, the facet values it lists and their names. */
export interface SearchPage {
  query: SearchQuery;
  result: SearchResult;
  shown: FacetSelection;
  labels: FacetLabels;
  /** Parameters the page did not know, which it says it ignored. */
  ignored: string[];
}

export interface SearchPageServiceDeps {
  /** The engine search (server/search/search.service.ts). */
  search: SearchService;
  /** Where the looked-up facets' names come from. */
  store: Pick<Store, 'measures' | 'speakers' | 'organizations' | 'topics'>;
}

/** The search page's use case: search, pick the facet values to show, name them (SQLite, once per kind). */
export function createSearchPageService({ search, store }: SearchPageServiceDeps) {
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

  async function searchPage({ query, expanded, ignored }: SearchPageQuery): Promise<SearchPage> {
    const result = await search.searchStatements(query);
    const shown = selectShownFacetValues(query, result.facets, expanded);
    return { query, result, shown, labels: loadFacetLabels(shown.counts, query), ignored };
  }

  return {
    searchPage,
    /** The JSON API's search: the hits and every facet's counts, no labels. */
    searchStatements: (query: SearchQuery) => search.searchStatements(query),
  };
}

export type SearchPageService = ReturnType<typeof createSearchPageService>;
