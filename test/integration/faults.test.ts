import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../data/store.js';
import { PortTakenError, startEmbeddedEngine, type EmbeddedEngine } from '../../indexer/engine.js';
import { createMeiliClient } from '../../indexer/meili-client.js';
import { topicLabelsOf } from '../../indexer/outbox.js';
import { searchKeyUid } from '../../indexer/search-key.js';
import { toSearchDocument } from '../../indexer/to-search-document.js';
import {
  engineRecordOf,
  exitOf,
  healthOf,
  isAlive,
  runCli,
  startApp,
  waitFor,
  waitUntilCaughtUp,
  writeStatementsFile,
  type AppProcess,
} from '../support/app-process.js';

/**
 * Fault tolerance with real processes and real kills: the app (server/main.ts), its embedded
 * Meilisearch and the `onrecord` command line, each SIGKILLed at a bad moment.
 */

const INDEX = 'statements';
const BULK = 5000;

/** A document as a stable string: keys sorted, so field order in a reply does not matter. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
const digest = (document: unknown) => createHash('sha256').update(canonical(document)).digest('hex');

/**
 * Compares the live index with what the store says it should hold: every published statement's
 * document, hashed field by field, against every document the index returns.
 */
async function compareIndexWithStore(dataDir: string, url: string, apiKey: string) {
  const store = openStore(join(dataDir, 'archive.db'));
  const expected = new Map<string, string>();
  try {
    const labels = topicLabelsOf(store);
    let cursor = '';
    for (;;) {
      const ids = store.statements.listPublishedIdsAfter(cursor, 1000);
      if (ids.length === 0) break;
      cursor = ids.at(-1) as string;
      for (const s of store.statements.findManyByIds(ids)) {
        // The engine returns documents without their vectors unless asked: compare the fields.
        const { _vectors, ...fields } = toSearchDocument(s, labels);
        void _vectors;
        expected.set(s.id, digest(fields));
      }
    }
  } finally {
    store.close();
  }
  const index = createMeiliClient({ url, apiKey }).index(INDEX);
  const actual = new Map<string, string>();
  for (let offset = 0; ; offset += 1000) {
    const { results } = await index.getDocuments({ offset, limit: 1000 });
    for (const { _vectors, ...fields } of results) {
      void _vectors;
      actual.set(String(fields.id), digest(fields));
    }
    if (results.length < 1000) break;
  }
  const missing = [...expected.keys()].filter((id) => !actual.has(id));
  const extra = [...actual.keys()].filter((id) => !expected.has(id));
  const different = [...expected].filter(([id, hash]) => actual.has(id) && actual.get(id) !== hash).map(([id]) => id);
  return { storeCount: expected.size, indexCount: actual.size, missing, extra, different };
}

const masterKeyOf = (dataDir: string) => readFileSync(join(dataDir, 'meili-master-key'), 'utf8').trim();

async function searchKeyValue(url: string, masterKey: string): Promise<{ key: string; actions: string[]; indexes: string[] }> {
  const response = await fetch(`${url}/keys/${searchKeyUid(INDEX)}`, { headers: { Authorization: `Bearer ${masterKey}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { key: string; actions: string[]; indexes: string[] };
}

/** Counts statements (and pending outbox entries) whose id starts with prefix, straight from the file. */
function countInDatabase(dataDir: string, prefix: string): { statements: number; pendingForPrefix: number; integrity: string } {
  const db = new Database(join(dataDir, 'archive.db'), { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const statements = (db.prepare('SELECT count(*) AS n FROM statements WHERE id LIKE ?').get(`${prefix}-%`) as { n: number }).n;
    const pendingForPrefix = (
      db.prepare('SELECT count(*) AS n FROM index_outbox WHERE statement_id LIKE ?').get(`${prefix}-%`) as { n: number }
    ).n;
    return { statements, pendingForPrefix, integrity };
  } finally {
    db.close();
  }
}

describe('fault tolerance of the app and its embedded engine', () => {
  const dirs: string[] = [];
  const apps: AppProcess[] = [];
  const engines: EmbeddedEngine[] = [];
  const blockers: Server[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'onrecord-faults-'));
    dirs.push(dir);
    return dir;
  };
  const launch = (env: Record<string, string>) => {
    const app = startApp(env);
    apps.push(app);
    return app;
  };
  const stopApp = async (app: AppProcess) => {
    app.child.kill('SIGTERM');
    return exitOf(app.child);
  };

  afterEach(async () => {
    for (const server of blockers.splice(0)) server.close();
    for (const app of apps.splice(0)) {
      if (app.child.exitCode === null && app.child.signalCode === null) {
        app.child.kill('SIGTERM');
        await exitOf(app.child);
      }
    }
    for (const engine of engines.splice(0)) await engine.stop();
    for (const dir of dirs.splice(0)) {
      // A SIGKILLed app leaves its engine to the next start; make sure none outlives the test.
      const record = engineRecordOf(dir);
      const cmdline =
        record && isAlive(record.pid) ? readFileSync(`/proc/${record.pid}/cmdline`, { encoding: 'utf8', flag: 'r' }) : '';
      if (record && cmdline.includes(dir)) process.kill(record.pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restarts Meilisearch SIGKILLed during a bulk import and while draining it, and the index ends equal to SQLite', async () => {
    const dataDir = tempDir();
    const app = launch({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
    const { port } = await waitUntilCaughtUp(app);
    const first = engineRecordOf(dataDir);
    expect(first?.ownerPid).toBe(app.child.pid);
    const file = join(dataDir, 'bulk.ndjson');
    writeStatementsFile(file, 'bulk', BULK);

    // Kill 1: while the import's transaction is open (its first progress line is printed inside it).
    const importer = runCli(['import', file], { DATA_DIR: dataDir });
    await importer.waitForOutput(/import: \d+ \/ \d+ bytes/);
    process.kill(first!.pid, 'SIGKILL');
    await waitFor('the engine to die', () => (isAlive(first!.pid) ? undefined : true), 5000, 10);
    expect(importer.output()).not.toContain(`${BULK} / ${BULK}`);
    const degraded = await healthOf(port);
    expect(degraded).toMatchObject({ status: 'degraded', db: 'ok', search: 'unavailable' });

    // The import does not need the engine: it commits to SQLite regardless.
    expect((await exitOf(importer.child)).code).toBe(0);
    expect(importer.output()).toContain(`imported statements: ${BULK} created`);

    // Kill 2: the restarted engine, while the syncer is part-way through the outbox.
    const second = await waitFor(
      'a restarted engine',
      () => {
        const record = engineRecordOf(dataDir);
        return record && record.pid !== first!.pid && isAlive(record.pid) ? record : undefined;
      },
      15_000,
      10,
    );
    expect(second.url).toBe(first!.url);
    const midDrain = await waitFor(
      'the drain to be part-way',
      async () => {
        const health = await healthOf(port);
        return health && health.pending > 0 && (health.indexed ?? 0) > 33 ? health : undefined;
      },
      15_000,
      10,
    );
    process.kill(second.pid, 'SIGKILL');

    const third = await waitFor(
      'a second restart',
      () => {
        const record = engineRecordOf(dataDir);
        return record && record.pid !== second.pid && isAlive(record.pid) ? record : undefined;
      },
      15_000,
      20,
    );
    expect(third.url).toBe(first!.url);
    const { health } = await waitUntilCaughtUp(app, 30_000);
    expect(health).toMatchObject({ status: 'ok', statements: 33 + BULK, indexed: 33 + BULK, pending: 0 });

    const masterKey = masterKeyOf(dataDir);
    const comparison = await compareIndexWithStore(dataDir, third.url, masterKey);
    expect(comparison).toEqual({ storeCount: 33 + BULK, indexCount: 33 + BULK, missing: [], extra: [], different: [] });
    const search = (await (await fetch(`http://127.0.0.1:${port}/api/search?q=zqbulk&per_page=1`)).json()) as { total: number };
    expect(search.total).toBe(BULK);

    // The log tells the story, with a growing backoff, and never a key.
    const log = app.output();
    const crashes = [...log.matchAll(/"restartInMs":(\d+),"msg":"embedded Meilisearch exited unexpectedly/g)].map((m) =>
      Number(m[1]),
    );
    expect(crashes).toEqual([500, 1000]);
    expect(log.match(/embedded Meilisearch restarted/g)).toHaveLength(2);
    const searchKey = await searchKeyValue(third.url, masterKey);
    expect(searchKey).toMatchObject({ actions: ['search'], indexes: [INDEX] });
    expect(log).toContain('"level":20'); // debug lines were written, so the check below saw them
    expect(log).not.toContain(masterKey);
    expect(log).not.toContain(searchKey.key);
    console.info(
      `faults/a: ${BULK} statements imported; engine pids ${first!.pid} -> ${second.pid} -> ${third.pid}; ` +
        `killed mid-drain at indexed=${midDrain.indexed} pending=${midDrain.pending}; ${comparison.storeCount} documents compared, ` +
        `missing=${comparison.missing.length} extra=${comparison.extra.length} different=${comparison.different.length}`,
    );

    expect((await stopApp(app)).code).toBe(0);
    expect(isAlive(third.pid)).toBe(false);
    expect(engineRecordOf(dataDir)).toBeUndefined();
  }, 150_000); // a 5,000-row import with two engine kills: ~50 s on a quiet 2-core machine

  it('keeps SQLite whole when the importer and the app are SIGKILLed mid-import, and the next start clears the orphan engine and converges', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'crash.ndjson');
    writeStatementsFile(file, 'crash', BULK);
    let app = launch({ DATA_DIR: dataDir });
    await waitUntilCaughtUp(app);
    const orphan = engineRecordOf(dataDir)!;

    // Both die while the import's transaction is open.
    const importer = runCli(['import', file], { DATA_DIR: dataDir });
    await importer.waitForOutput(/import: \d+ \/ \d+ bytes/);
    importer.child.kill('SIGKILL');
    app.child.kill('SIGKILL');
    expect((await exitOf(importer.child)).signal).toBe('SIGKILL');
    expect((await exitOf(app.child)).signal).toBe('SIGKILL');
    expect(importer.output()).not.toContain(`${BULK} / ${BULK}`);
    // A SIGKILLed app runs no handler: its engine is left running.
    expect(isAlive(orphan.pid)).toBe(true);
    // None of the file, and nothing queued for it.
    expect(countInDatabase(dataDir, 'crash')).toEqual({ statements: 0, pendingForPrefix: 0, integrity: 'ok' });

    // The next start stops the engine the killed app left behind and starts its own.
    app = launch({ DATA_DIR: dataDir });
    const { port } = await waitUntilCaughtUp(app);
    expect(isAlive(orphan.pid)).toBe(false);
    const restarted = engineRecordOf(dataDir)!;
    expect(restarted.pid).not.toBe(orphan.pid);
    expect(restarted.ownerPid).toBe(app.child.pid);

    // All of the file this time; the app is SIGKILLed while its syncer drains it.
    const complete = runCli(['import', file], { DATA_DIR: dataDir });
    expect((await exitOf(complete.child)).code).toBe(0);
    await waitFor(
      'the drain to start',
      async () => {
        const health = await healthOf(port);
        return health && health.pending > 0 && (health.indexed ?? 0) > 33 ? true : undefined;
      },
      15_000,
      10,
    );
    app.child.kill('SIGKILL');
    await exitOf(app.child);
    const afterSecondKill = countInDatabase(dataDir, 'crash');
    expect(afterSecondKill).toMatchObject({ statements: BULK, integrity: 'ok' });
    // Whatever was not yet acknowledged is still queued: nothing is lost between SQLite and the index.
    expect(afterSecondKill.pendingForPrefix).toBeGreaterThan(0);

    app = launch({ DATA_DIR: dataDir });
    const { health } = await waitUntilCaughtUp(app);
    expect(health).toMatchObject({ statements: 33 + BULK, indexed: 33 + BULK, pending: 0 });
    const engine = engineRecordOf(dataDir)!;
    expect(isAlive(restarted.pid)).toBe(false);
    const comparison = await compareIndexWithStore(dataDir, engine.url, masterKeyOf(dataDir));
    expect(comparison).toEqual({ storeCount: 33 + BULK, indexCount: 33 + BULK, missing: [], extra: [], different: [] });
    console.info(
      `faults/b: killed mid-transaction -> 0 of ${BULK} rows kept; killed mid-drain with ${afterSecondKill.pendingForPrefix} queued; ` +
        `orphan engines ${orphan.pid}, ${restarted.pid} stopped on the next starts; ${comparison.storeCount} documents compared, missing=0 extra=0`,
    );
    expect((await stopApp(app)).code).toBe(0);
  }, 150_000); // a 5,000-row import and two restarts: ~50 s on a quiet 2-core machine

  it('answers 503 for search while the embedded engine cannot come back, keeps SQLite pages up, and recovers without a restart of the app', async () => {
    const dataDir = tempDir();
    const app = launch({ DATA_DIR: dataDir });
    const { port } = await waitUntilCaughtUp(app);
    const base = `http://127.0.0.1:${port}`;
    const sample = (await (await fetch(`${base}/api/statements?per_page=100`)).json()) as {
      items: { id: string; speaker: { id: string }; meeting: { id: string } | null; measure: { id: string } | null }[];
    };
    const statement = sample.items.find((s) => s.meeting && s.measure)!;
    const pages = [
      `/statements/${statement.id}`,
      `/speakers/${statement.speaker.id}`,
      `/meetings/${statement.meeting!.id}`,
      `/measures/${statement.measure!.id}`,
    ];

    // Kill the engine and take its port before the restart (due in 500 ms) can: restarts fail until it is free.
    const before = engineRecordOf(dataDir)!;
    const enginePort = Number(new URL(before.url).port);
    process.kill(before.pid, 'SIGKILL');
    const blocker = await waitFor(
      'the engine port to be free',
      () =>
        new Promise<Server | undefined>((resolve) => {
          const server = createServer((socket) => socket.destroy());
          server.once('error', () => resolve(undefined));
          server.listen(enginePort, '127.0.0.1', () => resolve(server));
        }),
      400,
      5,
    );
    blockers.push(blocker);

    const page = await fetch(`${base}/search?q=police`, { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('Search is temporarily unavailable');
    const api = await fetch(`${base}/api/search?q=police`);
    expect(api.status).toBe(503);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('search_unavailable');
    for (const path of pages) expect((await fetch(`${base}${path}`)).status, path).toBe(200);
    expect(await healthOf(port)).toMatchObject({ status: 'degraded', db: 'ok', search: 'unavailable', indexed: null });
    await app.waitForOutput(/embedded Meilisearch did not restart; trying again/, 5000);

    blocker.close();
    const after = await waitFor(
      'the engine back on its port',
      () => {
        const record = engineRecordOf(dataDir);
        return record && record.pid !== before.pid && isAlive(record.pid) ? record : undefined;
      },
      20_000,
    );
    expect(after.url).toBe(before.url);
    const { health } = await waitUntilCaughtUp(app, 20_000);
    expect(health.status).toBe('ok');
    const recovered = await fetch(`${base}/api/search?q=police`);
    expect(recovered.status).toBe(200);
    expect(((await recovered.json()) as { total: number }).total).toBeGreaterThan(0);
    expect(app.child.exitCode).toBeNull();
    expect((await stopApp(app)).code).toBe(0);
    expect(isAlive(after.pid)).toBe(false);
  }, 60_000);

  it('with MEILI_URL, searches with a search-only key, answers 503 while that engine is down, and recovers when it returns', async () => {
    const engineDir = tempDir();
    let engine = await startEmbeddedEngine({ dataDir: engineDir });
    engines.push(engine);
    const dataDir = tempDir();
    const app = launch({ DATA_DIR: dataDir, MEILI_URL: engine.url, MEILI_MASTER_KEY: engine.masterKey, LOG_LEVEL: 'debug' });
    const { port } = await waitUntilCaughtUp(app);
    const base = `http://127.0.0.1:${port}`;
    const searchKey = await searchKeyValue(engine.url, engine.masterKey);
    expect(searchKey).toMatchObject({ actions: ['search'], indexes: [INDEX] });
    expect(app.output()).toContain(`"keyUid":"${searchKeyUid(INDEX)}"`);

    await engine.stop();
    expect((await fetch(`${base}/api/search?q=police`)).status).toBe(503);
    expect((await fetch(`${base}/search?q=police`)).status).toBe(503);
    expect((await fetch(`${base}/`)).status).toBe(200);
    expect(await healthOf(port)).toMatchObject({ status: 'degraded', search: 'unavailable' });
    // Written while the engine is down: queued in SQLite, indexed once it is back.
    const file = join(dataDir, 'late.ndjson');
    writeStatementsFile(file, 'late', 20);
    const late = runCli(['import', file], { DATA_DIR: dataDir, MEILI_URL: engine.url, MEILI_MASTER_KEY: engine.masterKey });
    expect((await exitOf(late.child)).code).toBe(0);

    // Back on its address, as an operator would bring it back (the port is rarely taken meanwhile: retry then).
    const enginePort = Number(new URL(engine.url).port);
    engine = await waitFor(
      'the engine to start on its port again',
      () =>
        startEmbeddedEngine({ dataDir: engineDir, port: enginePort }).catch((error: unknown) => {
          if (error instanceof PortTakenError) return undefined;
          throw error;
        }),
      10_000,
      200,
    );
    engines.push(engine);
    const { health } = await waitUntilCaughtUp(app, 20_000);
    expect(health).toMatchObject({ statements: 53, indexed: 53 });
    const found = (await (await fetch(`${base}/api/search?q=zqlate`)).json()) as { total: number };
    expect(found.total).toBe(20);
    expect(app.output()).not.toContain(engine.masterKey);
    expect(app.output()).not.toContain(searchKey.key);
    expect((await stopApp(app)).code).toBe(0);
    await fetch(`${engine.url}/indexes/${INDEX}`, { method: 'DELETE', headers: { Authorization: `Bearer ${engine.masterKey}` } });
  }, 60_000);

  it('stops, leaving no engine, when SIGTERMed during start-up', async () => {
    const dataDir = tempDir();
    const app = launch({ DATA_DIR: dataDir });
    const [, pid] = await app.waitForOutput(/"enginePid":(\d+),"msg":"embedded Meilisearch started"/);
    app.child.kill('SIGTERM');
    expect((await exitOf(app.child)).code).toBe(0);
    expect(app.output()).not.toContain('On Record is serving');
    await waitFor('the engine to stop', () => (isAlive(Number(pid)) ? undefined : true), 5000);
  }, 30_000);

  it('rebuilds the index from SQLite on start when the engine data directory was deleted', async () => {
    const dataDir = tempDir();
    let app = launch({ DATA_DIR: dataDir });
    await waitUntilCaughtUp(app);
    const file = join(dataDir, 'kept.ndjson');
    writeStatementsFile(file, 'kept', 500);
    expect((await exitOf(runCli(['import', file], { DATA_DIR: dataDir }).child)).code).toBe(0);
    await waitFor(
      'the import to be indexed',
      async () => {
        const health = await healthOf(app.port()!);
        return health?.indexed === 533 && health.pending === 0 ? true : undefined;
      },
      20_000,
    );
    expect((await stopApp(app)).code).toBe(0);

    rmSync(join(dataDir, 'meilisearch'), { recursive: true, force: true });
    app = launch({ DATA_DIR: dataDir });
    const { port, health } = await waitUntilCaughtUp(app);
    expect(health).toMatchObject({ status: 'ok', statements: 533, indexed: 533, pending: 0 });
    expect(app.output()).toMatch(/"reason":"missing","msg":"search index rebuilt"/);
    const found = (await (await fetch(`http://127.0.0.1:${port}/api/search?q=zqkept`)).json()) as { total: number };
    expect(found.total).toBe(500);
    const comparison = await compareIndexWithStore(dataDir, engineRecordOf(dataDir)!.url, masterKeyOf(dataDir));
    expect(comparison).toMatchObject({ storeCount: 533, indexCount: 533, missing: [], extra: [], different: [] });
    expect((await stopApp(app)).code).toBe(0);
  }, 60_000);
});
