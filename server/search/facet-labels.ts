import { ROLE_CATEGORIES, STATEMENT_KINDS } from '../../data/archive.types.js';
import type { CatalogRepository } from '../../data/catalog.repository.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import type { SearchQuery } from './search.query.js';
import type { FacetCounts } from './search.service.js';
import { KIND_NAMES, ROLE_CATEGORY_NAMES, STANCE_NAMES, STATE_NAMES } from '../../data/domain/labels.js';

export type FacetLabels = Record<FacetName, ReadonlyMap<string, string>>;

export const FACET_TITLES: Record<FacetName, string> = {
  stance: 'Stance', measure: 'Measure', speaker: 'Speaker', role: 'Role', org: 'Organization',
  body: 'District or body', state: 'State', topic: 'Topic', kind: 'Kind', year: 'Year',
};

const fixed = (entries: Record<string, string>) => new Map(Object.entries(entries));

/** Names for every facet value on the page (shown or selected): ids are looked up in SQLite, once per kind. */
export function loadFacetLabels(catalog: CatalogRepository, facets: FacetCounts, query: SearchQuery): FacetLabels {
  const valuesOf = (facet: FacetName) => [...new Set([...Object.keys(facets[facet] ?? {}), ...(query.filters[facet] ?? [])])];
  const labels = {} as Record<FacetName, ReadonlyMap<string, string>>;
  for (const facet of FACET_NAMES) labels[facet] = new Map();
  labels.stance = fixed(STANCE_NAMES);
  labels.kind = fixed(Object.fromEntries(STATEMENT_KINDS.map((k) => [k, KIND_NAMES[k]])));
  labels.role = fixed(Object.fromEntries(ROLE_CATEGORIES.map((r) => [r, ROLE_CATEGORY_NAMES[r]])));
  labels.state = fixed(STATE_NAMES);
  labels.measure = catalog.findLabels('measure', valuesOf('measure'));
  labels.speaker = catalog.findLabels('speaker', valuesOf('speaker'));
  labels.org = catalog.findLabels('organization', valuesOf('org'));
  labels.body = catalog.findLabels('organization', valuesOf('body'));
  labels.topic = catalog.findLabels('topic', valuesOf('topic'));
  return labels;
}
