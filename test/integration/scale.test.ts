import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { openStore } from '../../data/store.js';
import { createMeiliClient } from '../../indexer/meili-client.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { createApp } from '../../server/app.js';
import { isAlive } from '../../indexer/engine.js';
import { localPidOf } from '../../server/background-role.js';
import { loadSeed } from '../../server/services/seed.service.js';
import {
  exitOf,
  healthOf,
  runCli,
  startApp,
  waitFor,
  waitUntilCaughtUp,
  writeStatementsFile,
  type AppProcess,
} from '../support/app-process.js';
import { createTestContext, depsWithSearchClient, type TestContext } from '../support/test-context.js';

describe('load shedding', () => {
  let ctx: TestContext;
  let stalled: Server;
  let app: Server;
  beforeEach(async () => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    await prepareIndex(ctx.store, ctx.target);
  });
  afterEach(async () => {
    app?.closeAllConnections();
    app?.close();
    stalled?.closeAllConnections();
    stalled?.close();
    await ctx.cleanup();
  });

  it('answers 503 with Retry-After at once beyond what may wait for an overloaded engine, never a 500', async () => {
    // An engine that takes requests and never answers: every search the app sends stays in flight.
    stalled = createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => stalled.once('listening', r));
    const engine = createMeiliClient({
      url: `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`,
      apiKey: 'x'.repeat(16),
    });
    const deps = depsWithSearchClient(ctx, engine);
    deps.config = { ...deps.config, searchConcurrency: { maxInFlight: 2, maxQueued: 3 } };
    app = createApp(deps).listen(0, '127.0.0.1');
    await new Promise((r) => app.once('listening', r));
    const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;

    const pending = Array.from({ length: 5 }, (_, i) => fetch(`${base}/api/search?q=police${i}`).catch(() => null));
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    const shed = await fetch(`${base}/api/search?q=police`);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(shed.status).toBe(503);
    expect(Number(shed.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await shed.json()) as { error: { code: string } }).error.code).toBe('overloaded');
    // The HTML search page gets the same answer, as a page.
    const page = await fetch(`${base}/search?q=police`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('Search is busy right now');
    // Pages that do not search are not held back.
    expect((await fetch(`${base}/statements/${ctx.store.statements.listPublishedIds(0, 1)[0]}`)).status).toBe(200);
    // The engine comes back to its senses (here: goes away): the held searches end as 503, not 500.
    stalled.close();
    stalled.closeAllConnections();
    const settled = await Promise.all(pending);
    for (const response of settled) if (response) expect(response.status).toBe(503);
  });
});

describe('several processes and read-only replicas', { timeout: 240_000 }, () => {
  const dirs: string[] = [];
  const apps: AppProcess[] = [];
  const indexes: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'onrecord-scale-'));
    dirs.push(dir);
    return dir;
  };
  const engineEnv = (dataDir: string, indexUid: string) => ({
    DATA_DIR: dataDir,
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX: indexUid,
    ALERTS_INTERVAL_SECONDS: '0',
  });
  const servingPids = (output: string) => [...output.matchAll(/"pid":(\d+)[^\n]*On Record is serving/g)].map((m) => Number(m[1]));
  const holderPid = (dataDir: string) => {
    const store = openStore(join(dataDir, 'archive.db'));
    try {
      return localPidOf(store.leases.holderOf('background'));
    } finally {
      store.close();
    }
  };
  afterAll(async () => {
    for (const app of apps) {
      app.child.kill('SIGTERM');
      await exitOf(app.child);
    }
    for (const uid of indexes) {
      await fetch(`${inject('meiliUrl')}/indexes/${uid}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${inject('meiliKey')}` },
      });
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('WEB_CONCURRENCY=2 serves from two workers, one running the syncer; SIGKILLing it hands the lease over within seconds', async () => {
    const dataDir = newDir();
    const indexUid = `scale_${Date.now().toString(36)}`;
    indexes.push(indexUid);
    const env = { ...engineEnv(dataDir, indexUid), WEB_CONCURRENCY: '2' };
    const app = startApp(env);
    apps.push(app);
    const { port } = await waitUntilCaughtUp(app, 150_000);
    await app.waitForOutput(/On Record is serving[\s\S]*On Record is serving/, 60_000);
    const workers = servingPids(app.output());
    expect(new Set(workers).size).toBe(2);

    const first = await waitFor('a worker to hold the background lease', () => holderPid(dataDir) ?? undefined, 30_000);
    expect(workers).toContain(first);
    process.kill(first, 'SIGKILL');
    const t0 = Date.now();
    const next = await waitFor(
      'another worker to take the lease',
      () => {
        const pid = holderPid(dataDir);
        return pid !== null && pid !== first && isAlive(pid) ? pid : undefined;
      },
      15_000,
    );
    expect(Date.now() - t0).toBeLessThan(15_000);
    // The primary replaces the dead worker; the lease goes to the survivor or to the replacement,
    // whichever asks first, and either way to a worker that serves.
    await app.waitForOutput(/a worker exited; starting another/, 10_000);
    await waitFor(
      'the new lease holder to be a serving worker',
      () => (servingPids(app.output()).includes(next) ? true : undefined),
      60_000,
    );

    // The new holder's syncer indexes what another process writes.
    const file = join(dataDir, 'more.ndjson');
    writeStatementsFile(file, 'scale', 20);
    const imported = runCli(['import', file], env);
    expect((await exitOf(imported.child)).code).toBe(0);
    await waitFor(
      'the imported statements to be searchable',
      async () => {
        const health = await healthOf(port);
        return health && health.pending === 0 && health.indexed === health.statements && health.statements === 53
          ? true
          : undefined;
      },
      60_000,
    );
  });

  it('READ_ONLY=1 serves a replica and refuses every write, leaving the archive file untouched', async () => {
    const dataDir = newDir();
    const indexUid = `replica_${Date.now().toString(36)}`;
    indexes.push(indexUid);
    // The primary: an archive with the seed and its index.
    const primary = startApp(engineEnv(dataDir, indexUid));
    await waitUntilCaughtUp(primary, 150_000);
    primary.child.kill('SIGTERM');
    await exitOf(primary.child);
    const archive = join(dataDir, 'archive.db');
    const digest = () => createHash('sha256').update(readFileSync(archive)).digest('hex');
    const before = digest();

    const replica = startApp({ ...engineEnv(dataDir, indexUid), READ_ONLY: '1' });
    apps.push(replica);
    const { port } = await waitUntilCaughtUp(replica, 60_000);
    const base = `http://127.0.0.1:${port}`;
    const search = await fetch(`${base}/search?q=police`);
    expect(search.status).toBe(200);
    const html = await search.text();
    expect(html).toContain('data-testid="statement-card"');
    expect(html).not.toContain('data-testid="alert-form"');
    for (const [method, path] of [
      ['GET', '/admin'],
      ['GET', '/admin/login'],
      ['POST', '/admin/login'],
      ['POST', '/admin/statements/new'],
      ['POST', '/alerts'],
      ['PUT', '/api/statements/x'],
      ['DELETE', '/api/statements/x'],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method, redirect: 'manual' });
      expect(response.status, `${method} ${path}`).toBe(405);
    }
    expect(await (await fetch(`${base}/admin`)).text()).toContain('read-only copy of the archive');
    replica.child.kill('SIGTERM');
    await exitOf(replica.child);
    expect(digest()).toBe(before);
  });
});
