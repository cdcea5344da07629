/**
 * `npm run bench:alerts` — how long the alert run takes to evaluate many saved searches against a
 * day's new statements (issue 17). Builds a synthetic archive of --size statements in an
 * embedded Meilisearch under bench/var/, saves --subscriptions searches (the perf benchmark's
 * queries, cycled) that have seen everything but the last --day statements, and times one dry
 * run: every saved search goes to the engine as a search filtered on seq past what it has seen.
 * Writes bench/results/alerts-<size>.json and the "## Alerts" section of BENCHMARKS.md.
 *
 *   npx tsx bench/alerts.bench.ts [--size 100000] [--subscriptions 10000] [--day 500] [--no-write]
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { projectRoot } from '../data/paths.js';
import { openStore } from '../data/store.js';
import { startEmbeddedEngine } from '../indexer/engine.js';
import { createMeiliClient } from '../indexer/meili-client.js';
import { rebuildIndex } from '../indexer/rebuild.js';
import { queryStringToParams, toSavedSearchString } from '../server/alerts/alert-search.js';
import { createAlertsService } from '../server/alerts/alerts.service.js';
import { createMailer } from '../server/alerts/mailer.js';
import { parseSearchQuery } from '../server/search/search.query.js';
import { createSearchService } from '../server/search/search.service.js';
import { runImportPlan } from '../server/services/import/import.service.js';
import { syncTopics } from '../server/services/seed.service.js';
import { buildBenchQueries, toQueryString } from './bench.queries.js';
import { createCorpusGenerator } from './corpus.generator.js';
import { replaceSection } from './perf.report.js';

export const ALERTS_HEADING = '## Alerts';

interface AlertsBenchResult {
  size: number;
  subscriptions: number;
  day: number;
  measuredAt: string;
  runSeconds: number;
  perSearchMs: number;
  withNews: number;
  statementsListed: number;
  /** The 1-minute load average when the run ended: a busy machine slows every search. */
  loadAverage: number;
}

const number = (raw: string | undefined, fallback: number) => {
  const value = Number((raw ?? String(fallback)).replace(/[_,]/g, '').replace(/k$/i, '000'));
  if (!Number.isInteger(value) || value < 1) throw new Error(`expected a whole number, got ${raw}`);
  return value;
};

/** One measured run; `npm run bench` calls it after the performance run, at the same size. */
export async function runAlertsBench(options: {
  size: number;
  subscriptions?: number;
  day?: number;
  write?: boolean;
}): Promise<void> {
  const { size } = options;
  const subscriptions = options.subscriptions ?? 10_000;
  const day = Math.min(size, options.day ?? 500);
  const dir = join(projectRoot, 'bench', 'var', `alerts-${size}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const engine = await startEmbeddedEngine({ dataDir: dir });
  const store = openStore(join(dir, 'archive.db'));
  try {
    syncTopics(store);
    store.meta.set('seeded_at', new Date().toISOString());
    const generator = createCorpusGenerator();
    for (let from = 0; from < size; from += 2000)
      runImportPlan(store, { statements: generator.batch(from, Math.min(2000, size - from)) });
    const target = { client: createMeiliClient({ url: engine.url, apiKey: engine.masterKey }), indexUid: 'statements' };
    console.log(`imported ${size} statements; indexing`);
    await rebuildIndex(store, target, { batchSize: 5000 });

    // Every subscription has seen all but the last `day` statements.
    const seen = store.statements.maxSeq() - day;
    const queries = buildBenchQueries(220).map((q) => {
      const { sort: _sort, ...search } = q;
      const { q: text, filters, from, to } = parseSearchQuery(queryStringToParams(toQueryString(search)));
      return toSavedSearchString({ q: text, filters, from, to });
    });
    store.transaction(() => {
      for (let i = 0; i < subscriptions; i++) {
        const id = store.alertSubscriptions.insertPending({
          email: `reader${i}@example.org`,
          search: queries[i % queries.length] as string,
          frequency: 'immediate',
          manage_nonce: `n${i}`,
          manage_hash: `h${i}`,
          created_at: new Date().toISOString(),
        });
        store.alertSubscriptions.activate({
          id,
          now: new Date().toISOString(),
          last_seq: seen,
          next_due_at: new Date().toISOString(),
        });
      }
    });
    const service = createAlertsService({
      store,
      search: createSearchService({ client: target.client, indexUid: target.indexUid, statements: store.statements }),
      mailer: createMailer({ smtpUrl: null, from: 'bench@localhost', mailDir: join(dir, 'mail') }),
      secret: Buffer.from('bench-secret-bench-secret-bench-secret'),
      baseUrl: 'http://localhost:3000',
    });
    console.log(`evaluating ${subscriptions} saved searches against the last ${day} statements`);
    const t0 = performance.now();
    const report = await service.runOnce({ dryRun: true });
    const ms = performance.now() - t0;
    const result: AlertsBenchResult = {
      size,
      subscriptions,
      day,
      measuredAt: new Date().toISOString(),
      runSeconds: Math.round(ms / 100) / 10,
      perSearchMs: Math.round((ms / subscriptions) * 100) / 100,
      withNews: report.prepared.length,
      statementsListed: report.prepared.reduce((n, p) => n + p.statements, 0),
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    };
    console.log(JSON.stringify(result, null, 2));
    if (options.write === false) return;
    const resultsDir = join(projectRoot, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `alerts-${size}.json`), JSON.stringify(result, null, 2) + '\n');
    replaceSection(join(projectRoot, 'BENCHMARKS.md'), ALERTS_HEADING, renderSection(resultsDir));
  } finally {
    store.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function renderSection(resultsDir: string): string {
  const rows = readdirSync(resultsDir)
    .filter((f) => /^alerts-\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as AlertsBenchResult)
    .sort((a, b) => a.size - b.size)
    .map(
      (r) =>
        `| ${r.size.toLocaleString('en-US')} | ${r.subscriptions.toLocaleString('en-US')} | ${r.day} | ${r.runSeconds} s | ${r.perSearchMs} ms | ${r.withNews.toLocaleString('en-US')} | ${r.loadAverage ?? '?'} | ${r.measuredAt.slice(0, 10)} |`,
    );
  return [
    'One alert run evaluating saved searches against a day of new statements (`npm run bench:alerts`): each saved',
    'search is one engine search filtered on `seq` past what it has seen (no scan of SQLite); dry run, so no mail',
    'is written. Saved searches are the performance benchmark’s 220 queries, cycled.',
    '',
    '| statements | saved searches | new statements | run | per search | with news | load (2 cores) | measured |',
    '|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string' },
      subscriptions: { type: 'string' },
      day: { type: 'string' },
      'no-write': { type: 'boolean' },
    },
  });
  await runAlertsBench({
    size: number(values.size, 100_000),
    subscriptions: number(values.subscriptions, 10_000),
    day: number(values.day, 500),
    write: values['no-write'] !== true,
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
