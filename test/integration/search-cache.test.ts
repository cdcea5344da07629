import { writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeiliClient } from '../../indexer/meili-client.js';
import { drainOutbox } from '../../indexer/outbox.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { createApp } from '../../server/app.js';
import { createReadServices } from '../../server/deps.js';
import { createSearchCache, type SearchCache } from '../../server/search/search.cache.js';
import { createSearchService } from '../../server/search/search.service.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { runCliSync } from '../support/app-process.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

type Hit = { id: string; text: string; highlight: { text: string } };

/**
 * A pass-through HTTP proxy in front of the real engine that counts the searches it forwards:
 * whether the engine was asked is seen on the wire, not by asking the code under test.
 */
async function countingProxy(target: string): Promise<{ server: Server; url: string; searches: () => number }> {
  const upstream = new URL(target);
  let searches = 0;
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/multi-search')) searches++;
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, searches: () => searches };
}

/**
 * The search cache over the real engine and SQLite: a repeated search is answered without the
 * engine, and nothing written since (here, or by another process) is ever hidden by it.
 */
describe('cached search answers', { timeout: 180_000 }, () => {
  let ctx: TestContext;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  const save = (id: string, text: string) =>
    createImportService(ctx.store).run({ statements: [{ row: 1, value: statementRecord({ id, text }) }] });

  /** The test app, its searches going through the proxy and a cache of `maxBytes`. */
  function appWithCache(maxBytes?: number): { app: Express; cache: SearchCache } {
    const cache = createSearchCache(maxBytes);
    const search = createSearchService({
      client: createMeiliClient({ url: proxy.url, apiKey: ctx.meiliKey }),
      indexUid: ctx.target.indexUid,
      statements: ctx.store.statements,
      cache: { answers: cache, indexVersion: () => ctx.store.meta.indexVersion(ctx.target.indexUid) },
    });
    const deps = {
      ...ctx.deps,
      ...createReadServices({ store: ctx.store, search, engine: ctx.target.client, indexUid: ctx.target.indexUid }),
    };
    return { app: createApp(deps), cache };
  }

  let app: Express;
  const searchIds = async (q: string) =>
    ((await request(app).get('/api/search').query({ q }).expect(200)).body.items as Hit[]).map((h) => h.id);

  beforeAll(async () => {
    ctx = createTestContext();
    proxy = await countingProxy(ctx.meiliUrl);
    save('counsel-1', 'We need more counselors in our schools, not more police.');
    save('counsel-2', 'Counselors, not officers, keep our students safe.');
    save('library', 'The library budget must not be cut again.');
    await prepareIndex(ctx.store, ctx.target);
    app = appWithCache().app;
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => proxy?.server.close(resolve));
    await ctx?.cleanup();
  });

  it('answers a repeated identical search (API, page, feed) without asking the engine again', async () => {
    const before = proxy.searches();
    const first = await request(app).get('/api/search').query({ q: 'counselors', sort: 'newest' }).expect(200);
    const asked = proxy.searches() - before;
    expect(asked).toBeGreaterThan(0);
    const again = await request(app).get('/api/search').query({ q: 'counselors', sort: 'newest' }).expect(200);
    expect(proxy.searches() - before).toBe(asked);
    expect(again.body.items).toEqual(first.body.items);
    expect(again.body.total).toBe(first.body.total);

    const page = await request(app).get('/search').query({ q: 'library' }).set('Accept', 'text/html').expect(200);
    const afterPage = proxy.searches();
    const pageAgain = await request(app).get('/search').query({ q: 'library' }).set('Accept', 'text/html').expect(200);
    expect(proxy.searches()).toBe(afterPage);
    expect(pageAgain.text).toContain('budget must not be cut again.');
    expect(page.text).toContain('budget must not be cut again.');

    await request(app).get('/feeds/search.atom').query({ q: 'counselors' }).expect(200);
    const afterFeed = proxy.searches();
    const feed = await request(app).get('/feeds/search.atom').query({ q: 'counselors' }).expect(200);
    expect(proxy.searches()).toBe(afterFeed);
    expect(feed.text).toContain('counselors in our schools');

    // A different page of the same words is another request to the engine.
    await request(app).get('/api/search').query({ q: 'counselors', sort: 'newest', page: 2, per_page: 1 }).expect(200);
    expect(proxy.searches()).toBeGreaterThan(afterFeed);
  });

  it("shows an edit at once in a cached search, and the edit's new words once the syncer has applied it", async () => {
    expect(await searchIds('counselors')).toContain('counsel-1');
    save('counsel-1', 'We need more nurses in our schools, not more police.');
    // Not yet applied: the cached answer still finds it by its old word, but shows what it says now.
    const cached = (await request(app).get('/api/search').query({ q: 'counselors' }).expect(200)).body.items as Hit[];
    expect(cached.find((h) => h.id === 'counsel-1')?.text).toBe('We need more nurses in our schools, not more police.');
    for (const hit of cached) expect(hit.highlight.text).not.toContain('more counselors in our schools');

    const before = proxy.searches();
    await drainOutbox(ctx.store, ctx.target);
    expect(await searchIds('counselors')).not.toContain('counsel-1');
    expect(proxy.searches()).toBeGreaterThan(before);
    expect(await searchIds('nurses')).toContain('counsel-1');
  });

  it('finds a statement another process imported and indexed, in a search this process had cached', async () => {
    expect(await searchIds('zqother')).toEqual([]);
    expect(await searchIds('zqother')).toEqual([]);
    const file = join(ctx.dir, 'other.ndjson');
    writeFileSync(file, `${JSON.stringify(statementRecord({ id: 'other-1', text: 'A zqother statement from elsewhere.' }))}\n`);
    const env = {
      DATA_DIR: ctx.dir,
      MEILI_URL: ctx.meiliUrl,
      MEILI_MASTER_KEY: ctx.meiliKey,
      MEILI_INDEX: ctx.target.indexUid,
    };
    // Two other processes: one writes the statement, the other (as the syncer would) indexes it.
    expect(runCliSync(['import', file], env).status).toBe(0);
    expect(await searchIds('zqother')).toEqual([]);
    const synced = runCliSync(['index', 'sync'], env);
    expect(synced.status, synced.stderr).toBe(0);
    expect(await searchIds('zqother')).toEqual(['other-1']);
  });

  it('keeps no more than its byte bound, dropping the least recently used answer first', async () => {
    const maxBytes = 12_000;
    const small = appWithCache(maxBytes);
    const words = Array.from({ length: 40 }, (_, i) => `zqword${i}`);
    for (const q of [...words, 'counselors']) await request(small.app).get('/api/search').query({ q }).expect(200);
    const stats = small.cache.stats();
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.bytes).toBeLessThanOrEqual(maxBytes);
    expect(stats.entries).toBeLessThan(words.length + 1);

    // The latest answer is kept; the oldest was dropped, so the engine is asked for it again.
    const before = proxy.searches();
    await request(small.app).get('/api/search').query({ q: 'counselors' }).expect(200);
    expect(proxy.searches()).toBe(before);
    await request(small.app).get('/api/search').query({ q: words[0] }).expect(200);
    expect(proxy.searches()).toBeGreaterThan(before);
  });
});
