import { ROLE_CATEGORIES, STATEMENT_KINDS, type RoleCategory } from '../../data/archive.types.js';
import type { CatalogRepository } from '../../data/catalog.repository.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { KIND_NAMES, STANCE_NAMES } from '../statements/statement.view.js';
import type { SearchQuery } from './search.query.js';
import type { FacetCounts } from './search.service.js';

export type FacetLabels = Record<FacetName, ReadonlyMap<string, string>>;

export const FACET_TITLES: Record<FacetName, string> = {
  stance: 'Stance', measure: 'Measure', speaker: 'Speaker', role: 'Role', org: 'Organization',
  body: 'District or body', state: 'State', topic: 'Topic', kind: 'Kind', year: 'Year',
};

export const ROLE_NAMES: Record<RoleCategory, string> = {
  board_member: 'Board member', district_staff: 'District staff', teacher: 'Teacher', principal: 'Principal',
  student: 'Student', parent: 'Parent', police: 'Police', union: 'Union', advocate: 'Advocate',
  community_member: 'Community member', elected_official: 'Elected official', researcher: 'Researcher', other: 'Other',
};

export const STATE_NAMES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
  PR: 'Puerto Rico', GU: 'Guam', VI: 'U.S. Virgin Islands',
};

const fixed = (entries: Record<string, string>) => new Map(Object.entries(entries));

/** Names for every facet value on the page (counted or selected): ids are looked up in SQLite, once per kind. */
export function loadFacetLabels(catalog: CatalogRepository, facets: FacetCounts, query: SearchQuery): FacetLabels {
  const valuesOf = (facet: FacetName) => [...new Set([...Object.keys(facets[facet] ?? {}), ...(query.filters[facet] ?? [])])];
  const labels = {} as Record<FacetName, ReadonlyMap<string, string>>;
  for (const facet of FACET_NAMES) labels[facet] = new Map();
  labels.stance = fixed(STANCE_NAMES);
  labels.kind = fixed(Object.fromEntries(STATEMENT_KINDS.map((k) => [k, KIND_NAMES[k]])));
  labels.role = fixed(Object.fromEntries(ROLE_CATEGORIES.map((r) => [r, ROLE_NAMES[r]])));
  labels.state = fixed(STATE_NAMES);
  labels.measure = catalog.findLabels('measure', valuesOf('measure'));
  labels.speaker = catalog.findLabels('speaker', valuesOf('speaker'));
  labels.org = catalog.findLabels('organization', valuesOf('org'));
  labels.body = catalog.findLabels('organization', valuesOf('body'));
  labels.topic = catalog.findLabels('topic', valuesOf('topic'));
  return labels;
}
