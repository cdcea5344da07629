/**
 * Relevance benchmark (`npm run relevance`): our search, through the real import path, indexer
 * and search service, against an SQLite FTS5 bm25 baseline on the same statements, scored with
 * nDCG@10 and recall@20 over the judged queries in test/fixtures/relevance. Writes the figures
 * to BENCHMARKS.md (## Relevance) and bench/results/relevance.json.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../data/paths.js';
import { openStore } from '../data/store.js';
import { startEmbeddedEngine, type EmbeddedEngine } from '../indexer/engine.js';
import { buildIndexSettings, MATCHING_STRATEGY } from '../indexer/index-settings.js';
import { createMeiliClient, waitForSuccess } from '../indexer/meili-client.js';
import { topicLabelsOf } from '../indexer/outbox.js';
import { rebuildIndex } from '../indexer/rebuild.js';
import { createSearchService } from '../server/search/search.service.js';
import { createFts5Baseline } from './relevance.fts5.js';
import {
  loadRelevanceCorpus,
  RANK_DEPTH,
  rankWithService,
  readRelevanceQueries,
  type RelevanceQuery,
} from './relevance.fixtures.js';
import { mean, ndcgAt, recallAt } from './relevance.metrics.js';

interface SystemScore {
  ndcg10: number;
  recall20: number;
}

interface QueryResult {
  id: string;
  q: string;
  filters?: Record<string, string[]>;
  note?: string;
  judged: number;
  scores: Record<string, SystemScore>;
  /** Our top 10, to see what went wrong where a score is low. */
  top10: string[];
}

const SYSTEMS = ['onrecord', 'fts5', 'fts5_porter'] as const;
type SystemName = (typeof SYSTEMS)[number];
const SYSTEM_LABELS: Record<SystemName, string> = {
  onrecord: 'On Record (Meilisearch)',
  fts5: 'SQLite FTS5 bm25, terms ORed',
  fts5_porter: 'SQLite FTS5 bm25, terms ORed, porter stemming',
};

async function connectEngine(dir: string): Promise<{ url: string; key: string; engine?: EmbeddedEngine }> {
  if (process.env.MEILI_URL) return { url: process.env.MEILI_URL, key: process.env.MEILI_MASTER_KEY ?? '' };
  const engine = await startEmbeddedEngine({ dataDir: join(dir, 'engine') });
  return { url: engine.url, key: engine.masterKey, engine };
}

function score(ranked: string[], query: RelevanceQuery): SystemScore {
  return { ndcg10: ndcgAt(10, ranked, query.judgements), recall20: recallAt(20, ranked, query.judgements) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'onrecord-relevance-'));
  const store = openStore(join(dir, 'archive.db'));
  let engine: EmbeddedEngine | undefined;
  const indexUid = `relevance_${randomBytes(6).toString('hex')}`;
  let cleanupIndex: (() => Promise<unknown>) | undefined;
  try {
    const corpusSize = loadRelevanceCorpus(store);
    const queries = readRelevanceQueries();
    const connection = await connectEngine(dir);
    engine = connection.engine;
    const client = createMeiliClient({ url: connection.url, apiKey: connection.key });
    cleanupIndex = () => waitForSuccess(client.deleteIndex(indexUid)).catch(() => undefined);
    await rebuildIndex(store, { client, indexUid });
    const search = createSearchService({ client, indexUid, statements: store.statements });

    const statements = store.statements.listPublished(0, corpusSize);
    const topicLabels = topicLabelsOf(store);
    const fts5 = createFts5Baseline(statements, topicLabels);
    const fts5Porter = createFts5Baseline(statements, topicLabels, { porter: true });

    const results: QueryResult[] = [];
    for (const query of queries) {
      const ours = await rankWithService(search, query);
      const stances = query.filters?.stance;
      results.push({
        id: query.id,
        q: query.q,
        filters: query.filters,
        note: query.note,
        judged: Object.values(query.judgements).filter((g) => g > 0).length,
        scores: {
          onrecord: score(ours, query),
          fts5: score(fts5.rank(query.q, stances, RANK_DEPTH), query),
          fts5_porter: score(fts5Porter.rank(query.q, stances, RANK_DEPTH), query),
        },
        top10: ours.slice(0, 10),
      });
    }
    fts5.close();
    fts5Porter.close();

    const summary = Object.fromEntries(
      SYSTEMS.map((system) => [
        system,
        {
          ndcg10: mean(results.map((r) => r.scores[system]?.ndcg10 ?? 0)),
          recall20: mean(results.map((r) => r.scores[system]?.recall20 ?? 0)),
        },
      ]),
    ) as Record<SystemName, SystemScore>;

    const settings = buildIndexSettings();
    const report = {
      date: new Date().toISOString().slice(0, 10),
      corpus: corpusSize,
      queries: queries.length,
      matchingStrategy: MATCHING_STRATEGY,
      settings: {
        searchableAttributes: settings.searchableAttributes,
        rankingRules: settings.rankingRules,
        stopWords: settings.stopWords?.length ?? 0,
        synonyms: Object.keys(settings.synonyms ?? {}).length,
      },
      summary,
      results,
    };
    mkdirSync(join(projectRoot, 'bench', 'results'), { recursive: true });
    writeFileSync(join(projectRoot, 'bench', 'results', 'relevance.json'), JSON.stringify(report, null, 2) + '\n');
    writeBenchmarks(renderMarkdown(report));
    printTable(report.summary, results);
  } finally {
    await cleanupIndex?.();
    store.close();
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => n.toFixed(3);

function printTable(summary: Record<SystemName, SystemScore>, results: QueryResult[]): void {
  const rows = results.map((r) => ({
    id: r.id,
    query: r.q + (r.filters ? ` ${JSON.stringify(r.filters)}` : ''),
    ours: fmt(r.scores.onrecord?.ndcg10 ?? 0),
    fts5: fmt(r.scores.fts5?.ndcg10 ?? 0),
    porter: fmt(r.scores.fts5_porter?.ndcg10 ?? 0),
    'ours R@20': fmt(r.scores.onrecord?.recall20 ?? 0),
  }));
  console.table(rows);
  for (const system of SYSTEMS) {
    console.log(
      `${SYSTEM_LABELS[system].padEnd(48)} nDCG@10 ${fmt(summary[system].ndcg10)}  recall@20 ${fmt(summary[system].recall20)}`,
    );
  }
}

function renderMarkdown(report: {
  date: string;
  corpus: number;
  queries: number;
  matchingStrategy: string;
  settings: { searchableAttributes?: string[] | null; rankingRules?: string[] | null; stopWords: number; synonyms: number };
  summary: Record<SystemName, SystemScore>;
  results: QueryResult[];
}): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    '## Relevance',
    '',
    `Measured ${report.date} by \`npm run relevance\` (bench/relevance.ts) on ${report.corpus} statements ` +
      `(the seed plus test/fixtures/relevance/corpus.json) and ${report.queries} judged queries ` +
      '(test/fixtures/relevance/queries.json; grades 3/2/1, unjudged = 0). Ours goes through the real ' +
      'import, indexer and search service; the baselines are SQLite FTS5 tables over the same fields ' +
      '(quote, speaker, role, organization, measure, meeting, topics, outlet), bm25, query words ORed, ' +
      'quoted phrases kept as phrases, stance filter as WHERE.',
    '',
    '| system | nDCG@10 | recall@20 |',
    '|---|---:|---:|',
    ...SYSTEMS.map((s) => `| ${SYSTEM_LABELS[s]} | ${fmt(report.summary[s].ndcg10)} | ${fmt(report.summary[s].recall20)} |`),
    '',
    `Settings measured: matchingStrategy \`${report.matchingStrategy}\`; searchable attributes ` +
      `${(report.settings.searchableAttributes ?? []).map((a) => `\`${a}\``).join(', ')}; ranking rules ` +
      `${(report.settings.rankingRules ?? []).map((a) => `\`${a}\``).join(', ')}; ` +
      `${report.settings.stopWords} stop words; ${report.settings.synonyms} synonym entries.`,
    '',
    '<details>',
    '<summary>Per query (nDCG@10; recall@20 for ours)</summary>',
    '',
    '| id | query | kind | judged | ours | FTS5 | FTS5 porter | ours recall@20 |',
    '|---|---|---|---:|---:|---:|---:|---:|',
    ...report.results.map(
      (r) =>
        `| ${r.id} | ${cell(r.q)}${
          r.filters
            ? ` (${cell(
                Object.entries(r.filters)
                  .map(([k, v]) => `${k}=${v.join(',')}`)
                  .join(' '),
              )})`
            : ''
        } ` +
        `| ${cell(r.note ?? '')} | ${r.judged} | ${fmt(r.scores.onrecord?.ndcg10 ?? 0)} | ${fmt(r.scores.fts5?.ndcg10 ?? 0)} ` +
        `| ${fmt(r.scores.fts5_porter?.ndcg10 ?? 0)} | ${fmt(r.scores.onrecord?.recall20 ?? 0)} |`,
    ),
    '',
    '</details>',
    '',
  ];
  return lines.join('\n');
}

/** Replaces the ## Relevance section of BENCHMARKS.md (or appends it), leaving other sections alone. */
function writeBenchmarks(section: string): void {
  const path = join(projectRoot, 'BENCHMARKS.md');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = current.search(/^## Relevance\s*$/m);
  let next: string;
  if (start === -1) {
    next = current.replace(/\n*$/, '\n\n') + section;
  } else {
    const after = current.slice(start + 1).search(/^## /m);
    const end = after === -1 ? current.length : start + 1 + after;
    next = current.slice(0, start) + section + (end < current.length ? '\n' + current.slice(end) : '');
  }
  writeFileSync(path, next.replace(/\n*$/, '\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
