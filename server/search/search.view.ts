import { STANCES, type Stance } from '../../data/archive.types.js';
import { FACET_NAMES } from '../../indexer/index-settings.js';
import { STANCE_NAMES, toStatementCardView, type StatementCardView } from '../statements/statement.view.js';
import type { SearchQuery } from './search.query.js';
import type { SearchResult } from './search.service.js';

export interface FacetValueView {
  value: string;
  label: string;
  count: number;
  selected: boolean;
  /** The same search with this value toggled, from page 1. */
  toggleUrl: string;
}

export interface SearchPageView {
  title: string;
  q: string;
  total: number;
  totalLabel: string;
  results: StatementCardView[];
  stanceFacet: FacetValueView[];
  page: number;
  previousUrl: string | null;
  nextUrl: string | null;
  ignoredParams: string[];
  emptyMessage: string | null;
}

/** The URL of a search, with every parameter in it so any view can be shared or bookmarked. */
export function searchUrl(query: SearchQuery, changes: { filters?: SearchQuery['filters']; page?: number } = {}): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  const filters = changes.filters ?? query.filters;
  for (const facet of FACET_NAMES) for (const value of filters[facet] ?? []) params.append(facet, value);
  if (query.from) params.set('from', query.from.raw);
  if (query.to) params.set('to', query.to.raw);
  if (!query.defaultSort) params.set('sort', query.sort);
  const page = changes.page ?? query.page;
  if (page > 1) params.set('page', String(page));
  if (query.perPage !== 20) params.set('per_page', String(query.perPage));
  const text = params.toString();
  return text ? `/search?${text}` : '/search';
}

function toggle(values: string[] | undefined, value: string): string[] {
  const current = values ?? [];
  return current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
}

export function toSearchPageView(query: SearchQuery, result: SearchResult, ignoredParams: string[] = []): SearchPageView {
  const stanceCounts = result.facets.stance;
  const selectedStances = query.filters.stance ?? [];
  const stanceFacet = STANCES
    .filter((stance) => (stanceCounts[stance] ?? 0) > 0 || selectedStances.includes(stance))
    .map((stance: Stance) => ({
      value: stance,
      label: STANCE_NAMES[stance],
      count: stanceCounts[stance] ?? 0,
      selected: selectedStances.includes(stance),
      toggleUrl: searchUrl(query, { filters: { ...query.filters, stance: toggle(query.filters.stance, stance) }, page: 1 }),
    }));
  const lastPage = Math.max(1, Math.ceil(result.total / query.perPage));
  return {
    title: query.q ? `“${query.q}” — search` : 'Search all statements',
    q: query.q,
    total: result.total,
    totalLabel: `${result.total.toLocaleString('en-US')} statement${result.total === 1 ? '' : 's'}`,
    results: result.hits.map((hit) => toStatementCardView(hit.statement, hit.highlight)),
    stanceFacet,
    page: query.page,
    previousUrl: query.page > 1 ? searchUrl(query, { page: query.page - 1 }) : null,
    nextUrl: query.page < lastPage ? searchUrl(query, { page: query.page + 1 }) : null,
    ignoredParams,
    emptyMessage: result.total === 0
      ? query.q ? `No statements match “${query.q}”${Object.keys(query.filters).length ? ' with these filters' : ''}.` : 'No statements match these filters.'
      : null,
  };
}
