/**
 * The repeated-query load (scale issue, item 3): readers follow the same links, so searches
 * repeat. Requests are drawn Zipf-like (rank k with weight 1/k) from the 220 benchmark queries
 * and sent to the app (search cache on, as in production) and, in the same order, to the raw
 * engine as the exact multi-searches the app would send. The cold figures (bench/perf.harness.ts)
 * are measured with the cache off and are not changed by this.
 *
 *   npx tsx bench/run.ts --zipf [--size N]
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../data/store.js';
import { startEmbeddedEngine, type EmbeddedEngine } from '../indexer/engine.js';
import { createMeiliClient } from '../indexer/meili-client.js';
import { rebuildIndex } from '../indexer/rebuild.js';
import { syncTopics } from '../server/services/seed.service.js';
import { buildBenchQueries, type BenchQuery } from './bench.queries.js';
import { createRng, sampleCumulative, zipfTable } from './corpus.generator.js';
import { runLoad, type BenchRequest, type LatencyFigures } from './load.loop.js';
import { describeMachine, importCorpus, INDEX_UID, round, startApp, toRequests } from './perf.harness.js';

export interface ZipfOptions {
  size: number;
  dir: string;
  queries?: number;
  /** Requests in the sequence (the same sequence at each concurrency). */
  requests?: number;
  concurrency?: number[];
  /** The Zipf exponent: rank k is drawn with weight 1/k^s. */
  exponent?: number;
  app?: 'compiled' | 'source';
  log?: (line: string) => void;
}

export interface ZipfLevel {
  concurrency: number;
  raw: LatencyFigures;
  api: LatencyFigures;
  html: LatencyFigures;
}

export interface ZipfResults {
  date: string;
  machine: { cores: number; cpu: string; memoryGb: number; node: string };
  size: number;
  queries: number;
  requests: number;
  exponent: number;
  /** Distinct queries in the sequence, and the share of requests that repeat an earlier one. */
  distinct: number;
  repeatShare: number;
  levels: ZipfLevel[];
}

/** `count` query indexes drawn with weight 1/rank^s; the rank order is the query list's (seeded). */
export function zipfSequence(queryCount: number, count: number, exponent = 1, seed = 13): number[] {
  const table = zipfTable(queryCount, exponent);
  const rng = createRng(seed);
  return Array.from({ length: count }, () => sampleCumulative(table, rng()));
}

export async function runZipf(options: ZipfOptions): Promise<ZipfResults> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { size, dir } = options;
  const exponent = options.exponent ?? 1;
  const queries: BenchQuery[] = buildBenchQueries(options.queries ?? 220);
  const sequence = zipfSequence(queries.length, options.requests ?? 2000, exponent);
  const distinct = new Set(sequence).size;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`starting Meilisearch in ${dir}`);
  const engine: EmbeddedEngine = await startEmbeddedEngine({ dataDir: dir });
  const store = openStore(join(dir, 'archive.db'));
  try {
    syncTopics(store);
    store.meta.set('seeded_at', new Date().toISOString());
    log(`importing ${size.toLocaleString('en-US')} synthetic statements and building the index`);
    importCorpus(store, size, 2000, () => undefined);
    await rebuildIndex(store, { client: createMeiliClient({ url: engine.url, apiKey: engine.masterKey }), indexUid: INDEX_UID });
    const all = toRequests(queries);
    const pick = (list: BenchRequest[]) => sequence.map((i) => list[i] as BenchRequest);
    const requests = { raw: pick(all.raw), api: pick(all.api), html: pick(all.html) };
    const rawTarget = {
      baseUrl: engine.url,
      headers: { Authorization: `Bearer ${engine.masterKey}`, 'Accept-Encoding': 'identity' },
    };
    // The engine warmed on every query once, as for the cold figures; the app's cache starts empty.
    await runLoad(rawTarget, all.raw, { concurrency: 2 });
    const levels: ZipfLevel[] = [];
    for (const concurrency of options.concurrency ?? [1, 16]) {
      const raw = await runLoad(rawTarget, requests.raw, { concurrency });
      log(`  c${concurrency} raw  p50 ${raw.p50} p95 ${raw.p95} p99 ${raw.p99} ms, ${raw.rps} req/s`);
      const measured: Partial<Record<'api' | 'html', LatencyFigures>> = {};
      for (const path of ['api', 'html'] as const) {
        // A fresh app for each run, so every run starts with an empty cache (its misses included).
        const app = await startApp(dir, engine, options.app ?? 'compiled', undefined);
        try {
          // The app's own first-request costs (templates, the engine connection) are not the cache's.
          await runLoad({ baseUrl: app.url }, [{ path: `/${path === 'api' ? 'api/' : ''}search?q=zzzwarmup` }], {
            concurrency: 1,
          });
          const figures = await runLoad({ baseUrl: app.url }, requests[path], { concurrency });
          log(
            `  c${concurrency} ${path.padEnd(4)} p50 ${figures.p50} p95 ${figures.p95} p99 ${figures.p99} ms, ${figures.rps} req/s`,
          );
          measured[path] = figures;
        } finally {
          await app.stop();
        }
      }
      levels.push({ concurrency, raw, api: measured.api as LatencyFigures, html: measured.html as LatencyFigures });
    }
    return {
      date: new Date().toISOString(),
      machine: describeMachine(),
      size,
      queries: queries.length,
      requests: sequence.length,
      exponent,
      distinct,
      repeatShare: round(1 - distinct / sequence.length, 3),
      levels,
    };
  } finally {
    store.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
