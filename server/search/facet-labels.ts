import { ROLE_CATEGORIES, STATEMENT_KINDS } from '../../data/archive.types.js';
import type { FacetName } from '../../indexer/index-settings.js';
import { KIND_NAMES, ROLE_CATEGORY_NAMES, STANCE_NAMES, STATE_NAMES } from '../../data/domain/labels.js';

export type FacetLabels = Record<FacetName, ReadonlyMap<string, string>>;

export const FACET_TITLES: Record<FacetName, string> = {
  stance: 'Stance',
  measure: 'Measure',
  speaker: 'Speaker',
  role: 'Role',
  org: 'Organization',
  body: 'District or body',
  state: 'State',
  topic: 'Topic',
  kind: 'Kind',
  year: 'Year',
};

/** The facets whose values are ids, named from the archive (what the catalog calls each kind). */
export const LOOKED_UP_FACETS = {
  measure: 'measure',
  speaker: 'speaker',
  org: 'organization',
  body: 'organization',
  topic: 'topic',
} as const satisfies Partial<Record<FacetName, 'measure' | 'speaker' | 'organization' | 'topic'>>;

const fixed = (entries: Record<string, string>) => new Map(Object.entries(entries));

/** The facets whose names are fixed vocabulary: no lookup needed. */
export const FIXED_FACET_LABELS = {
  stance: fixed(STANCE_NAMES),
  kind: fixed(Object.fromEntries(STATEMENT_KINDS.map((k) => [k, KIND_NAMES[k]]))),
  role: fixed(Object.fromEntries(ROLE_CATEGORIES.map((r) => [r, ROLE_CATEGORY_NAMES[r]]))),
  state: fixed(STATE_NAMES),
} satisfies Partial<FacetLabels>;
