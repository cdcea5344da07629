import type { Store } from '../../data/store.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { FACET_TITLES, FIXED_FACET_LABELS, LOOKED_UP_FACETS } from '../search/facet-labels.js';
import { parseSearchQuery, type SearchQuery } from '../search/search.query.js';

/** What a subscription follows: the search's words, filters and dates (never its sort or page). */
export type SavedSearch = Pick<SearchQuery, 'q' | 'filters' | 'from' | 'to'>;

/** The search parameters a saved search is made of; anything else on a subscribe form is refused by name. */
export const SAVED_SEARCH_PARAMS: readonly string[] = ['q', ...FACET_NAMES, 'from', 'to'];

/**
 * One canonical query string per search (facets in a fixed order, values sorted), so the same
 * search followed twice by one address is one subscription.
 */
export function toSavedSearchString(search: SavedSearch): string {
  const params = new URLSearchParams();
  if (search.q !== '') params.append('q', search.q);
  for (const facet of FACET_NAMES) for (const value of [...(search.filters[facet] ?? [])].sort()) params.append(facet, value);
  if (search.from) params.append('from', search.from.raw);
  if (search.to) params.append('to', search.to.raw);
  return params.toString();
}

/** A query string as request parameters: a repeated key becomes a list, as Express parses it. */
export function queryStringToParams(query: string): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const seen = raw[key];
    raw[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return raw;
}

/** A stored saved search back as a search; it was validated when saved, and is re-checked here. */
export function parseSavedSearch(saved: string): SavedSearch {
  const { q, filters, from, to } = parseSearchQuery(queryStringToParams(saved));
  return { q, filters, from, to };
}

/** The saved search as the reader would say it: “police” · Stance: Oppose · Speaker: Jane Doe. */
export function describeSavedSearch(
  search: SavedSearch,
  store: Pick<Store, 'measures' | 'speakers' | 'organizations' | 'topics'>,
): string {
  const named = { measure: store.measures, speaker: store.speakers, organization: store.organizations, topic: store.topics };
  const parts: string[] = [];
  if (search.q !== '') parts.push(`“${search.q}”`);
  for (const facet of FACET_NAMES) {
    const values = search.filters[facet];
    if (!values || values.length === 0) continue;
    const labels = labelsOf(facet, values, named);
    parts.push(`${FACET_TITLES[facet]}: ${values.map((v) => labels.get(v) ?? v).join(' or ')}`);
  }
  if (search.from && search.to) parts.push(`from ${search.from.raw} to ${search.to.raw}`);
  else if (search.from) parts.push(`from ${search.from.raw}`);
  else if (search.to) parts.push(`until ${search.to.raw}`);
  return parts.length === 0 ? 'every new statement' : parts.join(' · ');
}

function labelsOf(
  facet: FacetName,
  values: string[],
  named: Record<
    (typeof LOOKED_UP_FACETS)[keyof typeof LOOKED_UP_FACETS],
    { findLabels(ids: readonly string[]): Map<string, string> }
  >,
): ReadonlyMap<string, string> {
  if (facet in FIXED_FACET_LABELS) return FIXED_FACET_LABELS[facet as keyof typeof FIXED_FACET_LABELS];
  if (facet in LOOKED_UP_FACETS) return named[LOOKED_UP_FACETS[facet as keyof typeof LOOKED_UP_FACETS]].findLabels(values);
  return new Map();
}
