import type { SearchResultsJson } from '../api/search.schema.js';
import { toStatementJson } from '../statements/statement.json.js';
import type { QuerySuggestion } from '../services/search.service.js';
import type { SearchQuery } from './search.query.js';
import type { SearchResult } from './search.service.js';
import { searchParams } from './search.view.js';

/**
 * GET /api/search: the query as understood, the page of hits (with highlights), every facet's
 * counts, and corrected queries when the words found (almost) nothing.
 */
export function toSearchJson({
  query,
  result,
  didYouMean,
  baseUrl,
}: {
  query: SearchQuery;
  result: SearchResult;
  didYouMean: QuerySuggestion[];
  baseUrl: string;
}): SearchResultsJson {
  return {
    query: {
      q: query.q,
      ...query.filters,
      from: query.from?.raw ?? null,
      to: query.to?.raw ?? null,
      sort: query.sort,
      page: query.page,
      per_page: query.perPage,
    },
    total: result.total,
    matched_all: result.matchedAll,
    page: query.page,
    per_page: query.perPage,
    items: result.hits.map((hit) => ({
      ...toStatementJson(hit.statement, baseUrl),
      highlight: { text: hit.highlight },
      found_by_meaning: hit.foundByMeaning,
    })),
    facets: result.facets,
    did_you_mean: didYouMean.map((suggestion) => {
      const params = searchParams({ ...query, q: suggestion.q }, { page: 1 }).toString();
      return {
        q: suggestion.q,
        total: suggestion.total,
        matched_all: suggestion.matchedAll,
        url: `${baseUrl}/api/search?${params}`,
        html_url: `${baseUrl}/search?${params}`,
      };
    }),
    took_ms: result.tookMs,
  };
}
