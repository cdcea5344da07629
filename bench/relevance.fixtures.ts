import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readImportFile } from '../data/import/import.file.js';
import { runImportPlan } from '../server/services/import/import.service.js';
import { projectRoot } from '../data/paths.js';
import { loadSeed } from '../server/services/seed.service.js';
import type { Store } from '../data/store.js';
import { parseSearchQuery, type SearchQuery } from '../server/search/search.query.js';
import type { SearchService } from '../server/search/search.service.js';
import type { Judgements } from './relevance.metrics.js';

/** The relevance fixture set: hand-written statements and judged queries (test/fixtures/relevance). */
export const RELEVANCE_DIR = join(projectRoot, 'test', 'fixtures', 'relevance');

/** How deep the benchmark looks: nDCG is taken at 10, recall at 20. */
export const RANK_DEPTH = 20;

export interface RelevanceQuery {
  id: string;
  q: string;
  /** Facet filters by their public parameter name, as a reader would tick them. */
  filters?: Record<string, string[]>;
  /** What kind of query it is (topic, phrase, typo, ...), for reading the results. */
  note?: string;
  judgements: Judgements;
}

export function readRelevanceQueries(): RelevanceQuery[] {
  return JSON.parse(readFileSync(join(RELEVANCE_DIR, 'queries.json'), 'utf8')) as RelevanceQuery[];
}

/** The seed corpus, then the fixture corpus, through the real import path. Returns the statement count. */
export function loadRelevanceCorpus(store: Store): number {
  loadSeed(store);
  runImportPlan(store, readImportFile(join(RELEVANCE_DIR, 'corpus.json')));
  return store.statements.countPublished();
}

/** The SearchQuery the search page would build for this query, via the real parser. */
export function toSearchQuery(query: RelevanceQuery): SearchQuery {
  return parseSearchQuery({ q: query.q, ...query.filters, per_page: String(RANK_DEPTH) });
}

/** Our ranking for one query: statement ids, best first, through the real search service. */
export async function rankWithService(search: SearchService, query: RelevanceQuery): Promise<string[]> {
  const result = await search.searchStatements(toSearchQuery(query));
  return result.hits.map((hit) => hit.statement.id);
}
