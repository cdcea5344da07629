/**
 * Exploratory companion to bench/relevance.ts: builds the fixture index once through the real
 * indexer, then re-scores the judged queries under alternative settings and matching strategies
 * (applied to that index only) to choose the values in indexer/index-settings.ts by measurement.
 * Ranking depends only on q, filter and matchingStrategy, which are sent as the search service
 * sends them. Run with `npx tsx bench/relevance.experiments.ts`; SYNONYMS_FILE=path tries another
 * synonym list, QUERY=q07 prints that query's top 10 per variant (MATCHES=1 adds match positions).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from 'meilisearch';
import { openStore } from '../data/store.js';
import { startEmbeddedEngine } from '../indexer/engine.js';
import { buildIndexSettings } from '../indexer/index-settings.js';
import { createMeiliClient, waitForSuccess } from '../indexer/meili-client.js';
import { rebuildIndex } from '../indexer/rebuild.js';
import { buildSearchFilter } from '../server/search/search.filter.js';
import { loadRelevanceCorpus, RANK_DEPTH, readRelevanceQueries, toSearchQuery } from './relevance.fixtures.js';
import { mean, ndcgAt, recallAt } from './relevance.metrics.js';

type Strategy = 'last' | 'all' | 'frequency';
interface Variant {
  name: string;
  settings: Settings;
  strategies: Strategy[];
}

const current = buildIndexSettings();
const rules = (...r: string[]) => ['sort', ...r];
const DEFAULT_RULES = rules('words', 'typo', 'proximity', 'attribute', 'exactness');
const extra = process.env.SYNONYMS_FILE
  ? (JSON.parse(readFileSync(process.env.SYNONYMS_FILE, 'utf8')) as Record<string, string[]>)
  : undefined;

const tuned: Settings = extra ? { ...current, synonyms: extra } : current;
const fields = (...f: string[]) => f;
const without = (...drop: string[]) => (current.searchableAttributes ?? []).filter((a) => !drop.includes(a));
const VARIANTS: Variant[] = [
  {
    name: 'Meilisearch defaults (all fields, no synonyms)',
    strategies: ['last'],
    settings: {
      ...current,
      searchableAttributes: ['*'],
      synonyms: {},
      stopWords: [],
      rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    },
  },
  { name: 'tuned (index-settings.ts now)', strategies: ['last', 'frequency', 'all'], settings: tuned },
  { name: 'tuned, no stop words', strategies: ['last'], settings: { ...tuned, stopWords: [] } },
  { name: 'tuned, no synonyms', strategies: ['last'], settings: { ...tuned, synonyms: {} } },
  { name: 'tuned, proximity before attribute', strategies: ['last'], settings: { ...tuned, rankingRules: DEFAULT_RULES } },
  {
    name: 'tuned, default typo sizes (5/9)',
    strategies: ['last'],
    settings: { ...tuned, typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } } },
  },
  {
    name: 'tuned, previous attribute order (+state_name)',
    strategies: ['last'],
    settings: {
      ...tuned,
      searchableAttributes: fields(
        'text',
        'speaker_name',
        'role',
        'organization_name',
        'measure_title',
        'topic_labels',
        'meeting_title',
        'body_name',
        'state_name',
        'context',
        'outlet',
        'source_title',
      ),
    },
  },
  { name: 'tuned, - state_name', strategies: ['last'], settings: { ...tuned, searchableAttributes: without('state_name') } },
  { name: 'tuned, - source_title', strategies: ['last'], settings: { ...tuned, searchableAttributes: without('source_title') } },
  {
    name: 'tuned, - measure_title',
    strategies: ['last'],
    settings: { ...tuned, searchableAttributes: without('measure_title') },
  },
  { name: 'tuned, - context', strategies: ['last'], settings: { ...tuned, searchableAttributes: without('context') } },
  {
    name: 'tuned, topics after role/org',
    strategies: ['last'],
    settings: {
      ...tuned,
      searchableAttributes: fields(
        'text',
        'context',
        'speaker_name',
        'role',
        'organization_name',
        'topic_labels',
        'measure_title',
        'meeting_title',
        'body_name',
        'state_name',
        'outlet',
        'source_title',
      ),
    },
  },
];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'onrecord-relevance-x-'));
  const store = openStore(join(dir, 'archive.db'));
  const engine = process.env.MEILI_URL ? undefined : await startEmbeddedEngine({ dataDir: join(dir, 'engine') });
  const client = createMeiliClient({
    url: engine?.url ?? process.env.MEILI_URL ?? '',
    apiKey: engine?.masterKey ?? process.env.MEILI_MASTER_KEY ?? '',
  });
  const indexUid = `relevance_x_${randomBytes(6).toString('hex')}`;
  try {
    loadRelevanceCorpus(store);
    const queries = readRelevanceQueries();
    await rebuildIndex(store, { client, indexUid });
    const index = client.index(indexUid);
    const only = process.env.QUERY;
    for (const variant of VARIANTS) {
      await waitForSuccess(index.resetSettings());
      await waitForSuccess(index.updateSettings(variant.settings));
      for (const strategy of variant.strategies) {
        const ndcg: number[] = [];
        const recall: number[] = [];
        const worst: string[] = [];
        for (const query of queries) {
          const sq = toSearchQuery(query);
          const { hits } = await index.search(sq.q, {
            filter: buildSearchFilter(sq),
            matchingStrategy: strategy,
            limit: RANK_DEPTH,
            attributesToRetrieve: ['id'],
          });
          const ranked = hits.map((h) => String(h.id));
          const n = ndcgAt(10, ranked, query.judgements);
          ndcg.push(n);
          recall.push(recallAt(20, ranked, query.judgements));
          if (n < 0.6) worst.push(`${query.id}:${n.toFixed(2)}`);
          if (only === query.id && process.env.MATCHES && strategy === 'last') {
            const detail = await index.search(sq.q, {
              filter: buildSearchFilter(sq),
              matchingStrategy: strategy,
              limit: 4,
              showMatchesPosition: true,
              attributesToRetrieve: ['id'],
            });
            for (const h of detail.hits) console.log('   ', h.id, JSON.stringify(h._matchesPosition));
          }
          if (only === query.id)
            console.log(
              `  ${query.id} ${strategy}`,
              ranked
                .slice(0, 10)
                .map((id) => `${id}(${query.judgements[id] ?? 0})`)
                .join(' '),
            );
        }
        console.log(
          `${variant.name.padEnd(52)} ${strategy.padEnd(9)} nDCG@10 ${mean(ndcg).toFixed(3)}  recall@20 ${mean(recall).toFixed(3)}  <0.6: ${worst.join(' ')}`,
        );
      }
    }
  } finally {
    await waitForSuccess(client.deleteIndex(indexUid)).catch(() => undefined);
    store.close();
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
