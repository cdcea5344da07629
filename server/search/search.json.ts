import { toStatementJson } from '../statements/statement.json.js';
import type { SearchQuery } from './search.query.js';
import type { SearchResult } from './search.service.js';

/** GET /api/search: the query as understood, the page of hits (with highlights) and every facet's counts. */
export function toSearchJson({ query, result, baseUrl }: { query: SearchQuery; result: SearchResult; baseUrl: string }) {
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
    page: query.page,
    per_page: query.perPage,
    items: result.hits.map((hit) => ({ ...toStatementJson(hit.statement, baseUrl), highlight: { text: hit.highlight } })),
    facets: result.facets,
    took_ms: result.tookMs,
  };
}
