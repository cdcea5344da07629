import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import type { SearchQuery } from './search.query.js';
import type { FacetCounts } from './search.service.js';

/** How many values of a facet show before "More". */
export const FACET_TOP = 6;
/** How many more open under "More"; beyond that, a link shows the facet's every value. */
export const FACET_MORE = 24;

// What String#localeCompare uses, made once: a page sorts thousands of facet labels.
export const facetCollator = new Intl.Collator();

/** Which values of each facet a page shows, picked before labels are looked up or links built. */
export interface FacetSelection {
  counts: FacetCounts;
  /** Facets with values left out. */
  truncated: ReadonlySet<FacetName>;
  expanded: FacetName | null;
}

/**
 * Keeps, per facet, the values the page shows: the most frequent (the engine counts up to 500
 * per facet, and a page of 5,000 links costs more than the search), every selected value, and
 * all of them for the facet the reader expanded. Ties at the cut go by value, so pages are stable.
 */
export function selectShownFacetValues(query: SearchQuery, facets: FacetCounts, expanded: FacetName | null): FacetSelection {
  const counts = {} as FacetCounts;
  const truncated = new Set<FacetName>();
  for (const facet of FACET_NAMES) {
    const all = facets[facet] ?? {};
    const values = Object.keys(all);
    if (facet === expanded || values.length <= FACET_TOP + FACET_MORE) {
      counts[facet] = all;
      continue;
    }
    // Stance and kind have a handful of values and always fit; years keep the newest.
    const kept = (
      facet === 'year'
        ? values.sort((a, b) => facetCollator.compare(b, a))
        : values.sort((a, b) => (all[b] ?? 0) - (all[a] ?? 0) || (a < b ? -1 : 1))
    ).slice(0, FACET_TOP + FACET_MORE);
    const shown: Record<string, number> = {};
    for (const value of kept) shown[value] = all[value] ?? 0;
    for (const value of query.filters[facet] ?? []) if (value in all) shown[value] = all[value] ?? 0;
    counts[facet] = shown;
    if (Object.keys(shown).length < values.length) truncated.add(facet);
  }
  return { counts, truncated, expanded };
}
