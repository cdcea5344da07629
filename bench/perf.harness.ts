/**
 * The performance benchmark: what our layer costs next to Meilisearch itself, on the same
 * machine in the same run. Every figure is measured beside its raw-engine baseline:
 * import, full rebuild vs pushing the same documents, search through the app's HTTP API and
 * HTML page vs the same multi-search sent to the engine, edit-to-searchable time, an SQLite
 * FTS5 peer, peak memory and disk. `runPerf` is used by bench/run.ts and by the smoke test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../data/paths.js';
import { runImportPlan } from '../server/services/import/import.service.js';
import { syncTopics } from '../server/services/seed.service.js';
import { openStore, type Store } from '../data/store.js';
import { findFreePort, startEmbeddedEngine, type EmbeddedEngine } from '../indexer/engine.js';
import { buildIndexSettings } from '../indexer/index-settings.js';
import { createMeiliClient } from '../indexer/meili-client.js';
import { topicLabelsOf } from '../indexer/outbox.js';
import { rebuildIndex } from '../indexer/rebuild.js';
import { toSearchDocument } from '../indexer/to-search-document.js';
import { buildSearchRequests } from '../server/search/search.service.js';
import { queryVector } from '../indexer/semantic.js';
import { parseSearchQuery } from '../server/search/search.query.js';
import { buildBenchQueries, toQueryString, type BenchQuery } from './bench.queries.js';
import { createCorpusGenerator, revisionToken } from './corpus.generator.js';
import { buildFts5Peer, openFts5Peer } from './fts5.peer.js';
import { runLoad, summarise, type BenchRequest, type LatencyFigures, type LoadFigures, type LoadTarget } from './load.loop.js';
import { buildMixedRequests } from './mixed.load.js';

export interface PerfOptions {
  size: number;
  /** Where the throw-away archive, engine database and FTS5 file go (removed first). */
  dir: string;
  queries?: number;
  concurrency?: { low: number; high: number };
  /** How many times the query list is sent at high concurrency. */
  highRounds?: number;
  edits?: number;
  /** The mixed load (searches, permalinks, pages): how many requests, at what concurrency. */
  mixed?: { requests: number; concurrency: number };
  importBatch?: number;
  rebuildBatch?: number;
  /** Run the app with --cpu-prof, writing profiles to this directory. */
  profileDir?: string;
  /**
   * How the app runs: `compiled` is what `npm start` runs (tsc output, plain node); `source`
   * runs server/main.ts through tsx, which skips the compile (for the smoke test).
   */
  app?: 'compiled' | 'source';
  /** Leave the engine and files in place (for poking at afterwards). */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface Rate {
  count: number;
  seconds: number;
  perSecond: number;
}

export interface SearchFigures {
  raw: LatencyFigures;
  api: LatencyFigures;
  html: LatencyFigures;
}

export interface PerfResults {
  date: string;
  machine: { cores: number; cpu: string; memoryGb: number; node: string; meilisearch: string };
  size: number;
  queries: number;
  concurrency: { low: number; high: number };
  import: Rate;
  /** Reading SQLite and mapping rows to documents, without the engine: how much our side costs. */
  mapping: Rate;
  rebuild: { ours: Rate; raw: Rate; ratio: number; batchSize: number };
  search: { low: SearchFigures; high: SearchFigures };
  ratios: { apiP95Low: number; htmlP95Low: number; apiRpsHigh: number; htmlRpsHigh: number };
  freshness: { edits: number; p50: number; p95: number; max: number; rawP50: number; rawP95: number };
  /** Absent from runs recorded before it was measured. */
  mixed?: LoadFigures & { concurrency: number };
  fts5: { build: Rate; search: LatencyFigures; facetP50: number; facetP95: number };
  memory: { appPeakMb: number; appRssMb: number; enginePeakMb: number; engineRssMb: number };
  disk: { sqliteMb: number; engineMb: number; fts5Mb: number };
}

export const INDEX_UID = 'statements';
const RAW_INDEX_UID = 'raw_ingest';

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The machine a figure was measured on, as every benchmark report states it. */
export function describeMachine(): { cores: number; cpu: string; memoryGb: number; node: string } {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 1073741824, 1),
    node: process.version,
  };
}
const rate = (count: number, ms: number): Rate => ({
  count,
  seconds: round(ms / 1000),
  perSecond: round((count / ms) * 1000, 0),
});

function dirSizeMb(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size / 1048576;
  return readdirSync(path).reduce((sum, name) => sum + dirSizeMb(join(path, name)), 0);
}

/** VmHWM (peak resident set) and VmRSS of a process, in MB. */
export function readMemory(pid: number): { peakMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { peakMb: round(kb('VmHWM') / 1024, 1), rssMb: round(kb('VmRSS') / 1024, 1) };
}

async function rawFetch(engine: EmbeddedEngine, path: string, init: { method?: string; body?: string } = {}): Promise<unknown> {
  const response = await fetch(`${engine.url}${path}`, {
    method: init.method ?? 'GET',
    body: init.body,
    // Uncompressed, like the app's client: gzip over loopback stalls keep-alive requests (SPEC §2).
    headers: { Authorization: `Bearer ${engine.masterKey}`, 'Content-Type': 'application/json', 'Accept-Encoding': 'identity' },
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function waitRawTask(engine: EmbeddedEngine, uid: number, intervalMs = 50): Promise<void> {
  for (;;) {
    const task = (await rawFetch(engine, `/tasks/${uid}`)) as { status: string; error?: { message: string } };
    if (task.status === 'succeeded') return;
    if (task.status === 'failed' || task.status === 'canceled')
      throw new Error(`task ${uid} ${task.status}: ${task.error?.message}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Imports the synthetic corpus through the import service (runImportPlan), one transaction per batch. */
export function importCorpus(store: Store, size: number, batch: number, log: (line: string) => void): Rate {
  const generator = createCorpusGenerator();
  let importMs = 0;
  let lastReport = 0;
  for (let from = 0; from < size; from += batch) {
    const records = generator.batch(from, Math.min(batch, size - from));
    const t0 = performance.now();
    runImportPlan(store, { statements: records });
    importMs += performance.now() - t0;
    if (performance.now() - lastReport > 5000 || from + batch >= size) {
      lastReport = performance.now();
      log(
        `  import ${Math.min(from + batch, size).toLocaleString('en-US')}/${size.toLocaleString('en-US')} (${Math.round(((from + batch) / importMs) * 1000)}/s)`,
      );
    }
  }
  return rate(size, importMs);
}

/** Writes the documents a rebuild would send, batch by batch, timing only our side's work. */
function dumpDocuments(store: Store, dir: string, batchSize: number): { files: string[]; mapping: Rate } {
  mkdirSync(dir, { recursive: true });
  const labels = topicLabelsOf(store);
  const files: string[] = [];
  let cursor = '';
  let count = 0;
  let ms = 0;
  for (;;) {
    const t0 = performance.now();
    const ids = store.statements.listPublishedIdsAfter(cursor, batchSize);
    if (ids.length === 0) break;
    cursor = ids.at(-1) as string;
    const payload = JSON.stringify(store.statements.findManyByIds(ids).map((s) => toSearchDocument(s, labels)));
    ms += performance.now() - t0;
    const file = join(dir, `batch-${files.length}.json`);
    writeFileSync(file, payload);
    files.push(file);
    count += ids.length;
  }
  return { files, mapping: rate(count, ms) };
}

/** The raw engine's ingestion: the same documents, settings and batch size, pushed straight in. */
async function rawIngest(engine: EmbeddedEngine, files: string[], count: number): Promise<Rate> {
  await rawFetch(engine, `/indexes/${RAW_INDEX_UID}`, { method: 'DELETE' }).catch(() => undefined);
  const created = (await rawFetch(engine, '/indexes', {
    method: 'POST',
    body: JSON.stringify({ uid: RAW_INDEX_UID, primaryKey: 'id' }),
  })) as { taskUid: number };
  await waitRawTask(engine, created.taskUid);
  const settings = (await rawFetch(engine, `/indexes/${RAW_INDEX_UID}/settings`, {
    method: 'PATCH',
    body: JSON.stringify(buildIndexSettings()),
  })) as { taskUid: number };
  await waitRawTask(engine, settings.taskUid);
  const t0 = performance.now();
  let last = 0;
  for (const file of files) {
    const task = (await rawFetch(engine, `/indexes/${RAW_INDEX_UID}/documents?primaryKey=id`, {
      method: 'POST',
      body: readFileSync(file, 'utf8'),
    })) as { taskUid: number };
    last = task.taskUid;
  }
  await waitRawTask(engine, last);
  const ms = performance.now() - t0;
  const failed = (await rawFetch(engine, `/tasks?indexUids=${RAW_INDEX_UID}&statuses=failed&types=documentAdditionOrUpdate`)) as {
    results: unknown[];
  };
  if (failed.results.length > 0) throw new Error('raw ingestion had failed tasks');
  const deleted = (await rawFetch(engine, `/indexes/${RAW_INDEX_UID}`, { method: 'DELETE' })) as { taskUid: number };
  await waitRawTask(engine, deleted.taskUid);
  return rate(count, ms);
}

/** Compiles the app as `npm run build` does, into the bench directory (dist/ is left alone). */
function compileApp(outDir: string): string {
  const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', join(projectRoot, 'tsconfig.build.json'), '--outDir', outDir, '--tsBuildInfoFile', join(outDir, '.tsbuildinfo')],
    { cwd: projectRoot, encoding: 'utf8' },
  );
  const main = join(outDir, 'server', 'main.js');
  // tsc still emits on type errors (someone's work in progress): run that, but say so.
  if (result.status !== 0 && !existsSync(main)) throw new Error(`compiling the app failed: ${result.stdout}${result.stderr}`);
  if (result.status !== 0)
    console.warn(
      `warning: tsc reported type errors; benchmarking the emitted JavaScript anyway:\n${result.stdout.split('\n')[0]}`,
    );
  return main;
}

export interface AppProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * The app as in production: its own process (so its CPU and memory are its own), the real
 * main.ts with MEILI_URL pointing at the bench engine and DATA_DIR at the bench archive.
 */
export async function startApp(
  dir: string,
  engine: EmbeddedEngine,
  mode: 'compiled' | 'source',
  profileDir: string | undefined,
  /** More environment for the app (a benchmark's own settings). */
  env: Record<string, string> = {},
): Promise<AppProcess> {
  const port = await findFreePort();
  const args: string[] = [];
  if (profileDir) args.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  if (mode === 'source') args.push('--import', 'tsx', join(projectRoot, 'server', 'main.ts'));
  else args.push(compileApp(join(dir, 'app-dist')));
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      MEILI_URL: engine.url,
      MEILI_MASTER_KEY: engine.masterKey,
      MEILI_INDEX: INDEX_UID,
      LOG_LEVEL: 'warn',
      // The load generator is one client sending far more than any reader: no rate limits for it.
      RATE_LIMIT_SEARCH_PER_MINUTE: '0',
      RATE_LIMIT_EXPORT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} while starting`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the app did not become healthy in 120 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

async function waitSearchable(engine: EmbeddedEngine, token: string, id: string, t0: number): Promise<number> {
  for (;;) {
    const result = (await rawFetch(engine, `/indexes/${INDEX_UID}/search`, {
      method: 'POST',
      body: JSON.stringify({ q: token, limit: 1, attributesToRetrieve: ['id'] }),
    })) as { hits: { id: string }[] };
    if (result.hits[0]?.id === id) return performance.now() - t0;
    if (performance.now() - t0 > 30_000) throw new Error(`edit of ${id} not searchable after 30 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Ours: an edit committed in SQLite (through the import path, from this process, as `onrecord
 * import` would) until the app's syncer has made it searchable. Raw: the same document, with
 * another new word, pushed straight to the engine until searchable: the engine's own floor.
 */
async function measureFreshness(store: Store, engine: EmbeddedEngine, size: number, edits: number, log: (line: string) => void) {
  const generator = createCorpusGenerator();
  const ours: number[] = [];
  const raw: number[] = [];
  for (let k = 0; k < edits; k++) {
    // Spread over the corpus; each edit adds a word found nowhere else.
    const i = Math.floor((k * size) / edits) % size;
    const id = `st-${i}`;
    const revision = k + 1;
    runImportPlan(store, { statements: [{ row: 1, value: generator.statementOf(i, revision) }] });
    ours.push(await waitSearchable(engine, revisionToken(i, revision), id, performance.now()));

    const document = (await rawFetch(engine, `/indexes/${INDEX_UID}/documents/${id}`)) as { text: string };
    const rawToken = revisionToken(i, revision + 100_000);
    const t0 = performance.now();
    await rawFetch(engine, `/indexes/${INDEX_UID}/documents`, {
      method: 'POST',
      body: JSON.stringify([{ ...document, text: `${document.text} ${rawToken}` }]),
    });
    raw.push(await waitSearchable(engine, rawToken, id, t0));
    if ((k + 1) % 25 === 0) log(`  freshness ${k + 1}/${edits}`);
  }
  if (process.env.BENCH_DEBUG)
    log(`  edit latencies (ms): ours ${ours.map(Math.round).join(' ')}; raw ${raw.map(Math.round).join(' ')}`);
  const o = summarise(ours, 0, 1, 0);
  const r = summarise(raw, 0, 1, 0);
  return { edits, p50: o.p50, p95: o.p95, max: round(Math.max(...ours)), rawP50: r.p50, rawP95: r.p95 };
}

export function toRequests(queries: BenchQuery[]): { api: BenchRequest[]; html: BenchRequest[]; raw: BenchRequest[] } {
  return {
    api: queries.map((q) => ({ path: `/api/search?${toQueryString(q)}` })),
    html: queries.map((q) => ({ path: `/search?${toQueryString(q)}` })),
    // Exactly the multi-search the app sends for the query (same filters, facets, crop, highlight).
    raw: queries.map((q) => {
      const query = parseSearchQuery(q);
      const plan = buildSearchRequests(query, INDEX_UID, queryVector(query.q));
      const [first, ...rest] = [plan.ranked, plan.counts, plan.allWords, ...plan.perFacet]
        .filter((r) => r !== null)
        .map((body) => ({ path: '/multi-search', method: 'POST' as const, body: JSON.stringify(body) }));
      return { ...(first as BenchRequest), alongside: rest };
    }),
  };
}

async function measureSearch(
  app: AppProcess,
  engine: EmbeddedEngine,
  queries: BenchQuery[],
  concurrency: number,
  rounds: number,
  log: (line: string) => void,
): Promise<SearchFigures> {
  const requests = toRequests(queries);
  const appTarget: LoadTarget = { baseUrl: app.url };
  const rawTarget: LoadTarget = {
    baseUrl: engine.url,
    headers: { Authorization: `Bearer ${engine.masterKey}`, 'Accept-Encoding': 'identity' },
  };
  const options = { concurrency, rounds };
  const raw = await runLoad(rawTarget, requests.raw, options);
  log(`  c${concurrency} raw  p50 ${raw.p50} p95 ${raw.p95} p99 ${raw.p99} ms, ${raw.rps} req/s`);
  const api = await runLoad(appTarget, requests.api, options);
  log(`  c${concurrency} api  p50 ${api.p50} p95 ${api.p95} p99 ${api.p99} ms, ${api.rps} req/s`);
  const html = await runLoad(appTarget, requests.html, options);
  log(`  c${concurrency} html p50 ${html.p50} p95 ${html.p95} p99 ${html.p99} ms, ${html.rps} req/s`);
  return { raw, api, html };
}

export async function runPerf(options: PerfOptions): Promise<PerfResults> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { size, dir } = options;
  const concurrency = options.concurrency ?? { low: 1, high: 16 };
  const importBatch = options.importBatch ?? 2000;
  const rebuildBatch = options.rebuildBatch ?? 5000;
  const queries = buildBenchQueries(options.queries ?? 220);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });

  log(`starting Meilisearch in ${dir}`);
  const engine = await startEmbeddedEngine({ dataDir: dir });
  let app: AppProcess | null = null;
  const store = openStore(join(dir, 'archive.db'));
  try {
    syncTopics(store);
    // The app seeds a new archive; the benchmark corpus is all there should be.
    store.meta.set('seeded_at', new Date().toISOString());
    const meilisearch = ((await rawFetch(engine, '/version')) as { pkgVersion: string }).pkgVersion;

    log(`importing ${size.toLocaleString('en-US')} synthetic statements (importArchive, ${importBatch} per transaction)`);
    const imported = importCorpus(store, size, importBatch, log);
    log(`  ${imported.perSecond} statements/s`);

    log('reading and mapping documents (our side of a rebuild, no engine)');
    const dump = dumpDocuments(store, join(dir, 'documents'), rebuildBatch);
    log(`  ${dump.mapping.perSecond} documents/s`);

    log(`full rebuild through rebuildIndex (batch ${rebuildBatch})`);
    const client = createMeiliClient({ url: engine.url, apiKey: engine.masterKey });
    let t0 = performance.now();
    let lastReport = 0;
    const rebuilt = await rebuildIndex(
      store,
      { client, indexUid: INDEX_UID },
      {
        batchSize: rebuildBatch,
        onProgress: (done, total) => {
          if (performance.now() - lastReport < 5000) return;
          lastReport = performance.now();
          log(`  sent ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`);
        },
      },
    );
    const ours = rate(rebuilt, performance.now() - t0);
    log(`  ${ours.perSecond} documents/s`);

    log('raw engine: the same documents pushed straight into a fresh index');
    const raw = await rawIngest(engine, dump.files, dump.mapping.count);
    rmSync(join(dir, 'documents'), { recursive: true, force: true });
    log(`  ${raw.perSecond} documents/s (ours/raw ${round(ours.perSecond / raw.perSecond)})`);

    log(`starting the app (${options.app ?? 'compiled'}; a separate process, MEILI_URL at the bench engine)`);
    // Cold figures: every search asks the engine, as before the search cache (the repeated-query
    // load, bench/zipf.bench.ts, measures the cache).
    app = await startApp(dir, engine, options.app ?? 'compiled', options.profileDir, { SEARCH_CACHE_MB: '0' });
    const requests = toRequests(queries);
    log(`warming up (${queries.length} queries, each path once)`);
    await runLoad(
      { baseUrl: engine.url, headers: { Authorization: `Bearer ${engine.masterKey}`, 'Accept-Encoding': 'identity' } },
      requests.raw,
      { concurrency: 2 },
    );
    await runLoad({ baseUrl: app.url }, requests.api, { concurrency: 2 });
    await runLoad({ baseUrl: app.url }, requests.html, { concurrency: 2 });

    log(`search at concurrency ${concurrency.low} (${queries.length} queries)`);
    const low = await measureSearch(app, engine, queries, concurrency.low, 1, log);
    const highRounds = options.highRounds ?? 3;
    log(`search at concurrency ${concurrency.high} (${queries.length * highRounds} requests)`);
    const high = await measureSearch(app, engine, queries, concurrency.high, highRounds, log);
    const appMemory = readMemory(app.child.pid as number);

    const mixedShape = options.mixed ?? { requests: 10_000, concurrency: 32 };
    log(
      `mixed load: ${mixedShape.requests.toLocaleString('en-US')} requests (searches with filters, permalinks, speaker, meeting and measure pages) at concurrency ${mixedShape.concurrency}`,
    );
    const mixedRequests = buildMixedRequests(createCorpusGenerator(), size, queries, mixedShape.requests);
    const mixed = {
      ...(await runLoad({ baseUrl: app.url }, mixedRequests, { concurrency: mixedShape.concurrency })),
      concurrency: mixedShape.concurrency,
    };
    log(
      `  ${mixed.requests} ok, ${mixed.errors} errors (${mixed.serverErrors} 5xx); p50 ${mixed.p50} p95 ${mixed.p95} p99 ${mixed.p99} ms, ${mixed.rps} req/s`,
    );

    const edits = options.edits ?? 100;
    log(`freshness: ${edits} edits committed in SQLite, waiting for each to be searchable`);
    const freshness = await measureFreshness(store, engine, size, edits, log);
    log(`  p50 ${freshness.p50} ms, p95 ${freshness.p95} ms (raw engine p50 ${freshness.rawP50}, p95 ${freshness.rawP95} ms)`);
    await app.stop();
    app = null;
    const engineMemory = readMemory(engine.pid);

    log('SQLite FTS5 peer: building');
    const ftsPath = join(dir, 'fts5.db');
    t0 = performance.now();
    buildFts5Peer(store, ftsPath);
    const ftsBuild = rate(size, performance.now() - t0);
    log(`  ${ftsBuild.perSecond} documents/s; querying`);
    const peer = openFts5Peer(ftsPath);
    const ftsLatencies: number[] = [];
    const facetLatencies: number[] = [];
    const ftsStarted = performance.now();
    for (const query of queries) {
      const timing = peer.search(query);
      ftsLatencies.push(timing.totalMs);
      facetLatencies.push(timing.facetMs);
    }
    const ftsSearch = summarise(ftsLatencies, 0, performance.now() - ftsStarted, 0);
    const facet = summarise(facetLatencies, 0, 1, 0);
    peer.close();
    log(`  p50 ${ftsSearch.p50} p95 ${ftsSearch.p95} ms (facet counts p50 ${facet.p50} p95 ${facet.p95} ms)`);

    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const results: PerfResults = {
      date: new Date().toISOString(),
      machine: { ...describeMachine(), meilisearch },
      size,
      queries: queries.length,
      concurrency,
      import: imported,
      mapping: dump.mapping,
      rebuild: { ours, raw, ratio: round(ours.perSecond / raw.perSecond), batchSize: rebuildBatch },
      search: { low, high },
      ratios: {
        apiP95Low: round(low.api.p95 / low.raw.p95),
        htmlP95Low: round(low.html.p95 / low.raw.p95),
        apiRpsHigh: round(high.api.rps / high.raw.rps),
        htmlRpsHigh: round(high.html.rps / high.raw.rps),
      },
      freshness,
      mixed,
      fts5: { build: ftsBuild, search: ftsSearch, facetP50: facet.p50, facetP95: facet.p95 },
      memory: {
        appPeakMb: appMemory.peakMb,
        appRssMb: appMemory.rssMb,
        enginePeakMb: engineMemory.peakMb,
        engineRssMb: engineMemory.rssMb,
      },
      disk: {
        sqliteMb: round(dirSizeMb(join(dir, 'archive.db')) + dirSizeMb(join(dir, 'archive.db-wal')), 1),
        engineMb: round(dirSizeMb(join(dir, 'meilisearch')), 1),
        fts5Mb: round(dirSizeMb(ftsPath) + dirSizeMb(`${ftsPath}-wal`), 1),
      },
    };
    return results;
  } finally {
    await app?.stop();
    store.close();
    await engine.stop();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}
