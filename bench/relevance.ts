/**
 * Relevance benchmark (`npm run relevance`): our search, through the real import path, indexer
 * and search service, against two SQLite FTS5 bm25 baselines (terms ORed; the same with porter
 * stemming) on the same statements, scored with nDCG@10 and recall@20 on three judged sets: the
 * held-out set's test half, its dev half (bench/relevance-set) and the old fixture set
 * (test/fixtures/relevance). Writes BENCHMARKS.md (## Relevance) and bench/results/relevance.json;
 * per-query detail for the dev sets only, the test half in aggregate.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../data/paths.js';
import { startEmbeddedEngine, type EmbeddedEngine } from '../indexer/engine.js';
import { buildIndexSettings, MATCHING_STRATEGY } from '../indexer/index-settings.js';
import { createMeiliClient } from '../indexer/meili-client.js';
import { printReport, renderMarkdown, writeBenchmarks, type RelevanceReport } from './relevance.report.js';
import { scoreSet, type SetResult } from './relevance.score.js';
import { readEvalSets } from './relevance.sets.js';

async function connectEngine(dir: string): Promise<{ url: string; key: string; engine?: EmbeddedEngine }> {
  if (process.env.MEILI_URL) return { url: process.env.MEILI_URL, key: process.env.MEILI_MASTER_KEY ?? '' };
  const engine = await startEmbeddedEngine({ dataDir: join(dir, 'engine') });
  return { url: engine.url, key: engine.masterKey, engine };
}

function reportBase(): Omit<RelevanceReport, 'sets'> {
  const settings = buildIndexSettings();
  return {
    date: new Date().toISOString().slice(0, 10),
    command: 'npm run relevance',
    matchingStrategy: MATCHING_STRATEGY,
    settings: {
      searchableAttributes: settings.searchableAttributes ?? [],
      rankingRules: settings.rankingRules ?? [],
      stopWords: settings.stopWords?.length ?? 0,
      synonyms: Object.keys(settings.synonyms ?? {}).length,
    },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'onrecord-relevance-'));
  let engine: EmbeddedEngine | undefined;
  try {
    const connection = await connectEngine(dir);
    engine = connection.engine;
    const client = createMeiliClient({ url: connection.url, apiKey: connection.key });
    // RELEVANCE_SETS=dev,fixtures scores only those (tuning never looks at the test half) and writes nothing.
    const only = process.env.RELEVANCE_SETS?.split(',').map((s) => s.trim());
    const sets: SetResult[] = [];
    for (const set of readEvalSets()) if (!only || only.includes(set.name)) sets.push(await scoreSet(set, client, dir));
    if (only) {
      printReport({ ...reportBase(), sets });
      return;
    }

    const report: RelevanceReport = { ...reportBase(), sets };
    mkdirSync(join(projectRoot, 'bench', 'results'), { recursive: true });
    writeFileSync(join(projectRoot, 'bench', 'results', 'relevance.json'), JSON.stringify(report, null, 2) + '\n');
    writeBenchmarks(renderMarkdown(report));
    printReport(report);
  } finally {
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
