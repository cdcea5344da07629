/**
 * Scores one judged set: a fresh store filled through the real import path, its own index built
 * by the real indexer, then every query through our search service and the two FTS5 baselines.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Meilisearch } from 'meilisearch';
import { openStore } from '../data/store.js';
import { waitForSuccess } from '../indexer/meili-client.js';
import { topicLabelsOf } from '../indexer/outbox.js';
import { rebuildIndex } from '../indexer/rebuild.js';
import { createSearchService } from '../server/search/search.service.js';
import { createFts5Baseline } from './relevance.fts5.js';
import { RANK_DEPTH, rankWithService, type RelevanceQuery } from './relevance.fixtures.js';
import { mean, ndcgAt, recallAt } from './relevance.metrics.js';
import type { EvalSet } from './relevance.sets.js';

export const SYSTEMS = ['onrecord', 'onrecord_words', 'fts5', 'fts5_porter'] as const;
export type SystemName = (typeof SYSTEMS)[number];
export const SYSTEM_LABELS: Record<SystemName, string> = {
  onrecord: 'On Record (Meilisearch hybrid: words, word forms and meaning)',
  onrecord_words: 'On Record, words only (SEARCH_SEMANTIC=off: words and word forms)',
  fts5: 'SQLite FTS5 bm25, terms ORed',
  fts5_porter: 'SQLite FTS5 bm25, terms ORed, porter stemming',
};

export interface SystemScore {
  ndcg10: number;
  recall20: number;
}

export interface QueryResult {
  id: string;
  q: string;
  kind: string;
  filters?: Record<string, string[]>;
  judged: number;
  scores: Record<SystemName, SystemScore>;
  /** Our top 10, to see what went wrong where a score is low. */
  top10: string[];
  /** How many hits ours returned (up to RANK_DEPTH); 0 is an empty page. */
  returned: number;
}

export interface Aggregate {
  queries: number;
  systems: Record<SystemName, SystemScore>;
  /** Queries for which ours returned no result at all. */
  zeroResults: number;
}

export interface SetResult {
  name: EvalSet['name'];
  title: string;
  statements: number;
  overall: Aggregate;
  byKind: Record<string, Aggregate>;
  /** Only for sets whose per-query detail may be reported. */
  results?: QueryResult[];
}

function score(ranked: readonly string[], query: RelevanceQuery): SystemScore {
  return { ndcg10: ndcgAt(10, ranked, query.judgements), recall20: recallAt(20, ranked, query.judgements) };
}

export function aggregate(results: readonly QueryResult[]): Aggregate {
  const systems = Object.fromEntries(
    SYSTEMS.map((system) => [
      system,
      {
        ndcg10: mean(results.map((r) => r.scores[system].ndcg10)),
        recall20: mean(results.map((r) => r.scores[system].recall20)),
      },
    ]),
  ) as Record<SystemName, SystemScore>;
  return { queries: results.length, systems, zeroResults: results.filter((r) => r.returned === 0).length };
}

export function aggregateByKind(results: readonly QueryResult[]): Record<string, Aggregate> {
  const kinds = [...new Set(results.map((r) => r.kind))].sort();
  return Object.fromEntries(kinds.map((kind) => [kind, aggregate(results.filter((r) => r.kind === kind))]));
}

/** Our ranking as with SEARCH_SEMANTIC=off (the index is the same; queries then carry no vector). */
async function rankWordsOnly(search: ReturnType<typeof createSearchService>, query: RelevanceQuery): Promise<string[]> {
  const previous = process.env.SEARCH_SEMANTIC;
  process.env.SEARCH_SEMANTIC = 'off';
  try {
    return await rankWithService(search, query);
  } finally {
    if (previous === undefined) delete process.env.SEARCH_SEMANTIC;
    else process.env.SEARCH_SEMANTIC = previous;
  }
}

/** Scores `set` in its own store (under `dir`) and its own index, both removed afterwards. */
export async function scoreSet(set: EvalSet, client: Meilisearch, dir: string): Promise<SetResult> {
  const dbPath = join(dir, `${set.name}.db`);
  const store = openStore(dbPath);
  const indexUid = `relevance_${set.name}_${randomBytes(6).toString('hex')}`;
  try {
    const statementCount = set.load(store);
    await rebuildIndex(store, { client, indexUid });
    const search = createSearchService({ client, indexUid, statements: store.statements });
    const statements = store.statements.listPublished(0, statementCount);
    const topicLabels = topicLabelsOf(store);
    const fts5 = createFts5Baseline(statements, topicLabels);
    const fts5Porter = createFts5Baseline(statements, topicLabels, { porter: true });

    const results: QueryResult[] = [];
    for (const query of set.queries) {
      const ours = await rankWithService(search, query);
      const wordsOnly = await rankWordsOnly(search, query);
      results.push({
        id: query.id,
        q: query.q,
        kind: query.note ?? 'other',
        filters: query.filters,
        judged: Object.values(query.judgements).filter((g) => g > 0).length,
        scores: {
          onrecord: score(ours, query),
          onrecord_words: score(wordsOnly, query),
          fts5: score(fts5.rank(query.q, query.filters, RANK_DEPTH), query),
          fts5_porter: score(fts5Porter.rank(query.q, query.filters, RANK_DEPTH), query),
        },
        top10: ours.slice(0, 10),
        returned: ours.length,
      });
    }
    fts5.close();
    fts5Porter.close();
    return {
      name: set.name,
      title: set.title,
      statements: statementCount,
      overall: aggregate(results),
      byKind: aggregateByKind(results),
      ...(set.perQuery ? { results } : {}),
    };
  } finally {
    await waitForSuccess(client.deleteIndex(indexUid)).catch(() => undefined);
    store.close();
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
  }
}
