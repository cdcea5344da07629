/**
 * Exploratory companion to bench/relevance.ts: builds the fixture index once through the real
 * indexer, then re-scores the judged queries under alternative settings and matching strategies
 * (applied to that index only) to choose the values in indexer/index-settings.ts by measurement.
 * Ranking depends only on q, filter and matchingStrategy, which are sent as the search service
 * sends them. Run with `npx tsx bench/relevance.experiments.ts`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from 'meilisearch';
import { projectRoot } from '../data/paths.js';
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
const QUOTE_FIRST_RULES = rules('words', 'typo', 'attribute', 'proximity', 'exactness');
const stopWords = JSON.parse(readFileSync(join(projectRoot, 'data', 'stop-words.json'), 'utf8')) as string[];
const extra = process.env.SYNONYMS_FILE ? JSON.parse(readFileSync(process.env.SYNONYMS_FILE, 'utf8')) as Record<string, string[]> : undefined;

const synonyms = extra ?? current.synonyms ?? {};
const tuned: Settings = { ...current, stopWords, synonyms };
const fields = (...f: string[]) => f;
const VARIANTS: Variant[] = [
  { name: 'Meilisearch defaults (all fields, no synonyms)', strategies: ['last'],
    settings: { ...current, searchableAttributes: ['*'], synonyms: {}, stopWords: [], rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'] } },
  { name: 'settings as shipped now', strategies: ['last', 'frequency', 'all'], settings: current },
  { name: 'tuned', strategies: ['last', 'frequency'], settings: tuned },
  { name: 'tuned, no stop words', strategies: ['last'], settings: { ...tuned, stopWords: [] } },
  { name: 'tuned, attribute before proximity', strategies: ['last'], settings: { ...tuned, rankingRules: QUOTE_FIRST_RULES } },
  { name: 'tuned, exactness before proximity', strategies: ['last'], settings: { ...tuned, rankingRules: rules('words', 'typo', 'attribute', 'exactness', 'proximity') } },
  { name: 'tuned, - source_title', strategies: ['last'], settings: { ...tuned, searchableAttributes: (current.searchableAttributes ?? []).filter((a) => a !== 'source_title') } },
  { name: 'tuned, - source_title, measure_title', strategies: ['last'], settings: { ...tuned, searchableAttributes: (current.searchableAttributes ?? []).filter((a) => a !== 'source_title' && a !== 'measure_title') } },
  { name: 'tuned, - source_title, context', strategies: ['last'], settings: { ...tuned, searchableAttributes: (current.searchableAttributes ?? []).filter((a) => a !== 'source_title' && a !== 'context') } },
  { name: 'tuned, text+context+topics first', strategies: ['last'], settings: { ...tuned, searchableAttributes: fields('text', 'context', 'topic_labels', 'speaker_name', 'role', 'organization_name', 'measure_title', 'meeting_title', 'body_name', 'outlet', 'source_title') } },
  { name: 'tuned, text only', strategies: ['last'], settings: { ...tuned, searchableAttributes: fields('text') } },
  { name: 'tuned, text+topics+role+speaker+org', strategies: ['last'], settings: { ...tuned, searchableAttributes: fields('text', 'topic_labels', 'speaker_name', 'role', 'organization_name') } },
];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'onrecord-relevance-x-'));
  const store = openStore(join(dir, 'archive.db'));
  const engine = process.env.MEILI_URL ? undefined : await startEmbeddedEngine({ dataDir: join(dir, 'engine') });
  const client = createMeiliClient({ url: engine?.url ?? process.env.MEILI_URL ?? '', apiKey: engine?.masterKey ?? process.env.MEILI_MASTER_KEY ?? '' });
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
          const { hits } = await index.search(sq.q, { filter: buildSearchFilter(sq), matchingStrategy: strategy, limit: RANK_DEPTH, attributesToRetrieve: ['id'] });
          const ranked = hits.map((h) => String(h.id));
          const n = ndcgAt(10, ranked, query.judgements);
          ndcg.push(n);
          recall.push(recallAt(20, ranked, query.judgements));
          if (n < 0.6) worst.push(`${query.id}:${n.toFixed(2)}`);
          if (only === query.id) console.log(`  ${query.id} ${strategy}`, ranked.slice(0, 10).map((id) => `${id}(${query.judgements[id] ?? 0})`).join(' '));
        }
        console.log(`${variant.name.padEnd(52)} ${strategy.padEnd(9)} nDCG@10 ${mean(ndcg).toFixed(3)}  recall@20 ${mean(recall).toFixed(3)}  <0.6: ${worst.join(' ')}`);
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
