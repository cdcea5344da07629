import {
  DATE_ATTRIBUTES,
  FACET_ATTRIBUTES,
  FACET_NAMES,
  ID_FACETS,
  SEQUENCE_ATTRIBUTE,
  toIdFacetValue,
  type FacetName,
} from '../../indexer/index-settings.js';
import type { SearchQuery } from './search.query.js';

/** Meilisearch's array form: the outer list is ANDed, an inner list is ORed. */
export type SearchFilter = (string | string[])[];

/** A double-quoted filter value; backslashes and quotes escaped, so a value can never become syntax. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The only place a filter string is built. Attribute names come from the allow-list in
 * index-settings; values are always quoted. Values of one facet are ORed, facets ANDed.
 * `except` leaves one facet out, for disjunctive facet counts.
 */
export function buildSearchFilter(query: Pick<SearchQuery, 'filters' | 'from' | 'to'>, except?: FacetName): SearchFilter {
  const filter: SearchFilter = [];
  for (const facet of FACET_NAMES) {
    const values = query.filters[facet];
    if (!values || values.length === 0 || facet === except) continue;
    const attribute = FACET_ATTRIBUTES[facet];
    // Id facets are indexed in a form without capitals, as the engine ignores case (see toIdFacetValue).
    const indexed = ID_FACETS.has(facet) ? values.map(toIdFacetValue) : values;
    filter.push(indexed.map((value) => `${attribute} = ${quoteFilterValue(value)}`));
  }
  // Dates are numbers we computed from a validated date, never the reader's text.
  if (query.from) filter.push(`${DATE_ATTRIBUTES.end} >= ${Math.trunc(query.from.value)}`);
  if (query.to) filter.push(`${DATE_ATTRIBUTES.start} <= ${Math.trunc(query.to.value)}`);
  return filter;
}

/** Keyset paging for exports: only documents after the last one seen (seq is our own integer). */
export function afterSequence(query: Pick<SearchQuery, 'filters' | 'from' | 'to'>, lastSeq: number): SearchFilter {
  return [...buildSearchFilter(query), `${SEQUENCE_ATTRIBUTE} > ${Math.trunc(lastSeq)}`];
}
