import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from 'meilisearch';
import { projectRoot, synonymsFile } from '../data/paths.js';
import type { Stance, StatementKind } from '../data/archive.types.js';
import { EMBEDDER, EMBEDDER_DIMENSIONS, semanticEmbedder } from './semantic.js';

/**
 * What one statement looks like in Meilisearch. Ids are facet values (the *_id facets in the form
 * toIdFacetValue gives them); names are for full text.
 */
export interface SearchDocument {
  id: string;
  seq: number;
  text: string;
  kind: StatementKind;
  stance: Stance;
  speaker_id: string;
  speaker_name: string;
  role: string | null;
  role_category: string | null;
  organization_id: string | null;
  organization_name: string | null;
  measure_id: string | null;
  measure_title: string | null;
  meeting_id: string | null;
  meeting_title: string | null;
  body_id: string | null;
  body_name: string | null;
  state: string | null;
  /** The state's name ("Texas") for full text; `state` holds the code for the facet. */
  state_name: string | null;
  topics: string[];
  topic_labels: string[];
  outlet: string | null;
  source_title: string | null;
  context: string | null;
  /** Word stems (indexer/word-forms.ts) of the quote and its context, searched beside the exact words. */
  text_stems: string;
  /** Word stems of the topics, role, organization and measure. */
  about_stems: string;
  /** The statement's vector for hybrid search (indexer/statement-vectors.ts); absent when semantic search is off. */
  _vectors?: Record<string, number[] | null>;
  /** The date range the statement's (possibly partial) date covers, as yyyymmdd; absent when unknown. */
  date_start?: number;
  date_end?: number;
  year?: number;
}

/**
 * Facets by their public parameter name (SPEC §4) -> document attribute. The only
 * attributes a filter may ever name: search.filter.ts builds filters from this list alone.
 */
export const FACET_ATTRIBUTES = {
  stance: 'stance',
  measure: 'measure_id',
  speaker: 'speaker_id',
  role: 'role_category',
  org: 'organization_id',
  body: 'body_id',
  state: 'state',
  topic: 'topics',
  kind: 'kind',
  year: 'year',
} as const satisfies Record<string, keyof SearchDocument>;

export type FacetName = keyof typeof FACET_ATTRIBUTES;
export const FACET_NAMES = Object.keys(FACET_ATTRIBUTES) as FacetName[];

/** Facets whose values are archive ids, which are case-sensitive: "TO" and "to" can be two measures. */
export const ID_FACETS: ReadonlySet<FacetName> = new Set<FacetName>(['measure', 'speaker', 'org', 'body']);

/**
 * Meilisearch compares filter strings regardless of case (and merges facet values that differ only
 * in case), so an id facet holds a form without capitals: each capital becomes "." and its lowercase,
 * and "." itself "..". Ids never hold "."; the form still maps back exactly.
 */
export function toIdFacetValue(id: string): string {
  return id.replace(/[A-Z.]/g, (ch) => (ch === '.' ? '..' : `.${ch.toLowerCase()}`));
}

export function fromIdFacetValue(value: string): string {
  return value.replace(/\.([a-z.])/g, (_, ch: string) => (ch === '.' ? '.' : ch.toUpperCase()));
}

export const DATE_ATTRIBUTES = { start: 'date_start', end: 'date_end' } as const;

/** Exports walk all matches by seq (keyset paging), as offsets stop at maxTotalHits. */
export const SEQUENCE_ATTRIBUTE = 'seq' as const;

/**
 * Full-text attributes, most telling first: the words said (and the reporter's context around
 * them), the curated topics, who said them, then where and on what. The order is what the
 * "attribute" ranking rule rewards; measured with `npm run relevance`.
 */
export const SEARCHABLE_ATTRIBUTES = [
  'text',
  'context',
  'topic_labels',
  'speaker_name',
  'role',
  'organization_name',
  'measure_title',
  'meeting_title',
  'body_name',
  'state_name',
  'outlet',
  'source_title',
] as const satisfies readonly (keyof SearchDocument)[];

/**
 * The stemmed shadows of the attributes above, searched by a second query with the stemmed words
 * (search.service.ts), weighted below the exact words so exact matches rank first.
 */
export const STEM_ATTRIBUTES = ['text_stems', 'about_stems'] as const satisfies readonly (keyof SearchDocument)[];

/** data/synonyms.json: curated for this field; a multi-word synonym works both ways only if listed both ways. */
function loadSynonyms(): Record<string, string[]> {
  const raw = JSON.parse(readFileSync(synonymsFile, 'utf8')) as Record<string, string[]>;
  return Object.fromEntries(
    Object.entries(raw).map(([word, alternatives]) => [word.toLowerCase(), alternatives.map((a) => a.toLowerCase())]),
  );
}

/**
 * data/stop-words.json: English function words only. They stop counting toward the "words"
 * rule, so "counselors instead of police" is not outranked by quotes that merely share "of".
 * Content words that carry stance or negation ("not", "no", "without", "against") are kept.
 */
export function loadStopWords(): string[] {
  return JSON.parse(readFileSync(join(projectRoot, 'data', 'stop-words.json'), 'utf8')) as string[];
}

export function buildIndexSettings(): Settings {
  return {
    searchableAttributes: [...SEARCHABLE_ATTRIBUTES, ...STEM_ATTRIBUTES],
    filterableAttributes: [...Object.values(FACET_ATTRIBUTES), DATE_ATTRIBUTES.start, DATE_ATTRIBUTES.end, SEQUENCE_ATTRIBUTE],
    sortableAttributes: [DATE_ATTRIBUTES.start, SEQUENCE_ATTRIBUTE],
    // "sort" first: when a reader asks for newest or oldest, dates decide; with no sort it is inert.
    // "attribute" before "proximity": among statements matching as many words, those matching in
    // the quote beat those matching only in metadata (measure title, headline) shared by many.
    rankingRules: ['sort', 'words', 'typo', 'attribute', 'proximity', 'exactness'],
    synonyms: loadSynonyms(),
    stopWords: loadStopWords(),
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    faceting: { maxValuesPerFacet: 500, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: 1000 },
    displayedAttributes: ['*'],
    // Statements carry their own vectors (to-search-document.ts); none when searching by words only.
    ...(semanticEmbedder() ? { embedders: { [EMBEDDER]: { source: 'userProvided', dimensions: EMBEDDER_DIMENSIONS } } } : {}),
  };
}

/** How many query words a document must match (Meilisearch `matchingStrategy`), chosen by measurement. */
export const MATCHING_STRATEGY: 'last' | 'all' | 'frequency' = 'last';

/** Changes whenever the settings (or the document shape they describe) change: a rebuild is due. */
export const DOCUMENT_VERSION = 5;
export function settingsFingerprint(settings: Settings = buildIndexSettings()): string {
  return createHash('sha256')
    .update(JSON.stringify({ settings, version: DOCUMENT_VERSION }))
    .digest('hex')
    .slice(0, 16);
}
