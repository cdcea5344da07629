import { STANCES, STATEMENT_KINDS } from '../../data/archive.types.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { pluralize } from '../display/display.format.js';
import { lastPageOf, toPaginationView, type PaginationView } from '../display/pagination.view.js';
import { toStatementCardView, type StatementCardView } from '../statements/statement.view.js';
import { FACET_TITLES, type FacetLabels } from './facet-labels.js';
import { FACET_TOP, facetCollator as collator, type FacetSelection } from './facet-selection.js';
import type { SearchQuery } from './search.query.js';
import { MAX_RANKED_HITS, type SearchResult } from './search.service.js';
import type { SearchPage } from '../services/search.service.js';
import { PARTIAL_DATE_HTML_PATTERN } from '../../data/domain/partial-date.js';
import { feedTitle } from './feed.atom.js';

export interface FacetValueView {
  value: string;
  label: string;
  count: number;
  countLabel: string;
  selected: boolean;
  /** The same search with this value toggled, from page 1. */
  toggleUrl: string;
}

export interface FacetGroupView {
  name: FacetName;
  title: string;
  top: FacetValueView[];
  more: FacetValueView[];
  moreLabel: string;
  /** Shown in full (more=<facet>): "More" starts open. */
  expanded: boolean;
  /** The page with every value of this facet, when some are not shown. */
  allUrl: string | null;
  allLabel: string;
}

export interface SearchPageView {
  title: string;
  /** The page has its own, larger search form. */
  headerSearch: false;
  q: string;
  form: {
    q: string;
    from: string;
    to: string;
    /** The date boxes' `pattern`: the partial-date pattern of every parser. */
    datePattern: string;
    sorts: { value: string; label: string; selected: boolean }[];
    hidden: { name: string; value: string }[];
  };
  total: number;
  totalLabel: string;
  /** How many match all the words and how many only some; null when all do. */
  matchLabel: string | null;
  rangeLabel: string | null;
  cappedNotice: string | null;
  facets: FacetGroupView[];
  chips: { label: string; removeUrl: string }[];
  clearUrl: string | null;
  /** The phone layout's control at the top of the results that jumps to the facets: "Filters (2 active)". */
  filtersLabel: string;
  dateNotice: string | null;
  results: SearchCardView[];
  /** Corrected queries to try, when the words found (almost) nothing; each part printed escaped, changed ones marked. */
  didYouMean: { before: string; parts: { text: string; changed: boolean }[]; url: string; q: string; countLabel: string }[];
  pagination: PaginationView | null;
  exports: { csv: string; ndjson: string; atom: string };
  /** `<link rel="alternate" type="application/atom+xml">` in the head: feed readers find the search's feed. */
  feedLinks: { title: string; href: string }[];
  ignoredParams: string[];
  /** When no statement holds the words but some are close in meaning (they are listed). */
  meaningOnly: string | null;
  empty: { searched: string; drops: { label: string; url: string }[] } | null;
}

/** A result card, saying when the statement matches only some of the query's words. */
export type SearchCardView = StatementCardView & { matchNote: string | null };

export const SOME_WORDS_NOTE = 'Matches only some of your words';
export const MEANING_NOTE = 'Close in meaning to your words';

type Filters = SearchQuery['filters'];

/** Parameters of a search, in a stable order, so any view can be shared or bookmarked. */
export function searchParams(
  query: SearchQuery,
  changes: { filters?: Filters; page?: number; from?: null; to?: null } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  const filters = changes.filters ?? query.filters;
  for (const facet of FACET_NAMES) for (const value of filters[facet] ?? []) params.append(facet, value);
  const from = 'from' in changes ? null : query.from;
  const to = 'to' in changes ? null : query.to;
  if (from) params.set('from', from.raw);
  if (to) params.set('to', to.raw);
  if (!query.defaultSort) params.set('sort', query.sort);
  const page = changes.page ?? query.page;
  if (page > 1) params.set('page', String(page));
  if (query.perPage !== 20) params.set('per_page', String(query.perPage));
  return params;
}

export function searchUrl(query: SearchQuery, changes: Parameters<typeof searchParams>[1] = {}): string {
  const text = searchParams(query, changes).toString();
  return text ? `/search?${text}` : '/search';
}

/** The same page with every value of one facet listed (an HTML-page parameter only). */
function expandUrl(query: SearchQuery, facet: FacetName): string {
  const params = searchParams(query);
  params.set('more', facet);
  return `/search?${params.toString()}#facet-${facet}-title`;
}

function without(filters: Filters, facet: FacetName, value?: string): Filters {
  const next: Filters = { ...filters };
  const remaining = value === undefined ? [] : (filters[facet] ?? []).filter((v) => v !== value);
  if (remaining.length) next[facet] = remaining;
  else delete next[facet];
  return next;
}

/** Fixed orders where they mean something; otherwise most frequent first, years newest first. */
function orderValues(
  facet: FacetName,
  values: string[],
  counts: Record<string, number>,
  labels: ReadonlyMap<string, string>,
): string[] {
  if (facet === 'stance') return STANCES.filter((s) => values.includes(s));
  if (facet === 'kind') return STATEMENT_KINDS.filter((k) => values.includes(k));
  if (facet === 'year') return [...values].sort((a, b) => collator.compare(b, a));
  return [...values].sort(
    (a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || collator.compare(labels.get(a) ?? a, labels.get(b) ?? b),
  );
}

/** URLSearchParams' form encoding of one value, without building an object for it. */
export function formEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The search with one more value of a facet, from page 1 (the value appended after the facet's
 * selected ones), for many values at once: the parameters before and after the new value are
 * encoded once, not per value (a page links up to 500 values of each facet).
 */
export function addValueUrls(query: SearchQuery, facet: FacetName): (value: string) => string {
  const entries = [...searchParams(query, { page: 1 })];
  const facetRank = FACET_NAMES.indexOf(facet);
  const comesBefore = (key: string) => {
    const rank = FACET_NAMES.indexOf(key as FacetName);
    return key === 'q' || (rank >= 0 && rank <= facetRank);
  };
  let at = entries.findIndex(([key]) => !comesBefore(key));
  if (at === -1) at = entries.length;
  const head = new URLSearchParams(entries.slice(0, at)).toString();
  const tail = new URLSearchParams(entries.slice(at)).toString();
  const prefix = `/search?${head ? `${head}&` : ''}${formEncode(facet)}=`;
  const suffix = tail ? `&${tail}` : '';
  return (value) => prefix + formEncode(value) + suffix;
}

function toFacetGroups(query: SearchQuery, selection: FacetSelection, labels: FacetLabels): FacetGroupView[] {
  return FACET_NAMES.map((facet) => {
    const counts = selection.counts[facet] ?? {};
    const selected = query.filters[facet] ?? [];
    const values = orderValues(facet, [...new Set([...Object.keys(counts), ...selected])], counts, labels[facet]);
    const addUrl = addValueUrls(query, facet);
    const views = values.map((value) => {
      const isSelected = selected.includes(value);
      const count = counts[value] ?? 0;
      return {
        value,
        label: labels[facet].get(value) ?? value,
        count,
        countLabel: count.toLocaleString('en-US'),
        selected: isSelected,
        toggleUrl: isSelected ? searchUrl(query, { filters: without(query.filters, facet, value), page: 1 }) : addUrl(value),
      };
    });
    // Selected values always stay in view, whatever their rank.
    const top = views.slice(0, FACET_TOP);
    const rest = views.slice(FACET_TOP);
    const more = rest.filter((v) => !v.selected);
    const title = FACET_TITLES[facet];
    return {
      name: facet,
      title,
      top: [...top, ...rest.filter((v) => v.selected)],
      more,
      moreLabel: `Show ${more.length} more`,
      expanded: selection.expanded === facet,
      allUrl: selection.truncated.has(facet) ? expandUrl(query, facet) : null,
      allLabel: `All ${title.toLowerCase()} values`,
    };
  }).filter((group) => group.top.length > 0);
}

function toChips(query: SearchQuery, labels: FacetLabels): { label: string; removeUrl: string }[] {
  const chips = FACET_NAMES.flatMap((facet) =>
    (query.filters[facet] ?? []).map((value) => ({
      label: `${FACET_TITLES[facet]}: ${labels[facet].get(value) ?? value}`,
      removeUrl: searchUrl(query, { filters: without(query.filters, facet, value), page: 1 }),
    })),
  );
  if (query.from) chips.push({ label: `From: ${query.from.raw}`, removeUrl: searchUrl(query, { from: null, page: 1 }) });
  if (query.to) chips.push({ label: `To: ${query.to.raw}`, removeUrl: searchUrl(query, { to: null, page: 1 }) });
  return chips;
}

function toPagination(query: SearchQuery, total: number): PaginationView | null {
  const reachable = Math.min(total, MAX_RANKED_HITS);
  return toPaginationView(query.page, lastPageOf(reachable, query.perPage), (page) => searchUrl(query, { page }));
}

const plural = (n: number) => pluralize(n, 'statement');

/** "12 match all your words; 21 more match some of them", when some results match only some words. */
export function toMatchLabel({ total, matchedAll }: Pick<SearchResult, 'total' | 'matchedAll'>): string | null {
  if (matchedAll >= total) return null;
  const some = total - matchedAll;
  const all = matchedAll === 0 ? 'None match all your words' : `${matchedAll.toLocaleString('en-US')} match all your words`;
  return `${all}; ${some.toLocaleString('en-US')} ${matchedAll === 0 ? '' : 'more '}match${some === 1 ? 'es' : ''} some of them.`;
}

/** The search page from everything the search service found for it. */
export function toSearchPageView({ query, result, shown, labels, ignored, didYouMean }: SearchPage): SearchPageView {
  const chips = toChips(query, labels);
  const exportParams = searchParams(query, { page: 1 });
  exportParams.delete('per_page');
  const exportQuery = exportParams.toString() ? `?${exportParams.toString()}` : '';
  const firstShown = (query.page - 1) * query.perPage + 1;
  const lastShown = firstShown + result.hits.length - 1;
  const hidden = FACET_NAMES.flatMap((facet) => (query.filters[facet] ?? []).map((value) => ({ name: facet, value })));
  return {
    title: query.q ? `“${query.q}” — search` : 'Search all statements',
    headerSearch: false,
    q: query.q,
    form: {
      q: query.q,
      from: query.from?.raw ?? '',
      to: query.to?.raw ?? '',
      datePattern: PARTIAL_DATE_HTML_PATTERN,
      sorts: [
        ...(query.q ? [{ value: 'relevance', label: 'Best match' }] : []),
        { value: 'newest', label: 'Newest first' },
        { value: 'oldest', label: 'Oldest first' },
      ].map((option) => ({ ...option, selected: option.value === query.sort })),
      hidden,
    },
    total: result.total,
    totalLabel: plural(result.total),
    matchLabel: toMatchLabel(result),
    rangeLabel:
      result.hits.length > 0 && result.total > result.hits.length
        ? `${firstShown.toLocaleString('en-US')}–${lastShown.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')}`
        : null,
    cappedNotice:
      result.total > MAX_RANKED_HITS
        ? `Pages reach the first ${MAX_RANKED_HITS.toLocaleString('en-US')} results;` +
          ` add filters to narrow the search, or download all ${plural(result.total)}.`
        : null,
    facets: toFacetGroups(query, shown, labels),
    chips,
    filtersLabel: chips.length > 0 ? `Filters (${chips.length} active)` : 'Filters',
    clearUrl: chips.length > 0 ? searchUrl({ ...query, filters: {}, from: null, to: null, page: 1 }) : null,
    dateNotice:
      query.from || query.to ? 'Statements whose date is not given in the source are left out while a date range is set.' : null,
    results: result.hits.map((hit) => ({
      ...toStatementCardView(hit.statement, hit.highlight),
      matchNote: hit.foundByMeaning ? MEANING_NOTE : hit.matchesAllWords === false ? SOME_WORDS_NOTE : null,
    })),
    didYouMean: didYouMean.map((suggestion, i) => ({
      before: i === 0 ? '' : i === didYouMean.length - 1 ? ' or ' : ', ',
      parts: suggestion.parts,
      q: suggestion.q,
      url: searchUrl({ ...query, q: suggestion.q }, { page: 1 }),
      countLabel: plural(suggestion.total),
    })),
    pagination: toPagination(query, result.total),
    exports: {
      csv: `/export/search.csv${exportQuery}`,
      ndjson: `/export/search.ndjson${exportQuery}`,
      atom: `/feeds/search.atom${exportQuery}`,
    },
    feedLinks: [{ title: feedTitle(query, labels), href: `/feeds/search.atom${exportQuery}` }],
    ignoredParams: ignored,
    meaningOnly:
      result.total === 0 && result.hits.length > 0 ? 'No statement holds your words; these are the closest in meaning.' : null,
    empty:
      result.total === 0 && result.hits.length === 0
        ? {
            searched: query.q ? `“${query.q}”` : 'all statements',
            drops: chips.map((chip) => ({ label: `Remove “${chip.label}”`, url: chip.removeUrl })),
          }
        : null,
  };
}
