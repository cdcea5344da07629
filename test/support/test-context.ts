import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { inject } from 'vitest';
import type { Express } from 'express';
import { openStore, type Store } from '../../data/store.js';
import { syncTopics } from '../../server/services/seed.service.js';
import { createMeiliClient, waitForSuccess } from '../../indexer/meili-client.js';
import type { SyncTarget } from '../../indexer/outbox.js';
import { createApp } from '../../server/app.js';
import { createReadServices, type AppDeps } from '../../server/deps.js';
import { createJobsService } from '../../server/services/jobs.service.js';
import { createSearchService, type SearchService } from '../../server/search/search.service.js';
import { createAdminServices } from '../../server/services/admin-services.js';
import type { Meilisearch } from 'meilisearch';

export const TEST_BASE_URL = 'http://onrecord.test';

export interface TestContext {
  dir: string;
  store: Store;
  target: SyncTarget;
  meiliUrl: string;
  meiliKey: string;
  app: Express;
  deps: AppDeps;
  /** The engine search the app's services use. */
  search: SearchService;
  cleanup(): Promise<void>;
}

/**
 * Per test file: a temp SQLite file (migrated, topics loaded) and a uniquely named index on
 * the run's real Meilisearch; cleanup removes both (never any other index).
 */
export function createTestContext(): TestContext {
  const dir = mkdtempSync(join(tmpdir(), 'onrecord-test-'));
  const store = openStore(join(dir, 'archive.db'));
  syncTopics(store);
  const meiliUrl = inject('meiliUrl');
  const meiliKey = inject('meiliKey');
  const client = createMeiliClient({ url: meiliUrl, apiKey: meiliKey });
  const indexUid = `test_${randomBytes(6).toString('hex')}`;
  const target = { client, indexUid };
  const search = createSearchService({ client, indexUid, statements: store.statements });
  const deps: AppDeps = {
    // Rate limits off (0): many tests (and the fuzzer) send hundreds of requests from one address.
    // test/integration/hardening.test.ts turns them on to test them.
    // TRUST_PROXY=loopback: tests play a proxy on this host (X-Forwarded-For, -Proto); the default (off) is tested apart.
    config: { baseUrl: TEST_BASE_URL, indexUid, rateLimits: { searchPerMinute: 0, exportPerMinute: 0 }, trustProxy: 'loopback' },
    logger: pino({ level: 'silent' }),
    store,
    services: createAdminServices(store),
    jobs: createJobsService({
      store,
      databasePath: join(dir, 'archive.db'),
      jobsDir: join(dir, 'jobs'),
      logger: pino({ level: 'silent' }),
    }),
    production: true,
    ...createReadServices({ store, search, engine: client, indexUid }),
  };
  return {
    dir,
    store,
    target,
    meiliUrl,
    meiliKey,
    deps,
    search,
    app: createApp(deps),
    async cleanup() {
      const { results } = await client.getIndexes({ limit: 1000 });
      for (const index of results.filter((i) => i.uid === indexUid || i.uid.startsWith(`${indexUid}__`))) {
        await waitForSuccess(client.deleteIndex(index.uid));
      }
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The test app's deps with searches sent through another client (one that is down, refuses the
 * key, or is overloaded); the health check's admin client too when `engine` is given.
 */
export function depsWithSearchClient(ctx: TestContext, client: Meilisearch, options: { engine?: Meilisearch } = {}): AppDeps {
  const search = createSearchService({ client, indexUid: ctx.target.indexUid, statements: ctx.store.statements });
  return {
    ...ctx.deps,
    ...createReadServices({
      store: ctx.store,
      search,
      engine: options.engine ?? ctx.target.client,
      indexUid: ctx.target.indexUid,
    }),
  };
}

/** A statement in the import format, with just what a test cares about filled in. */
export function statementRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    text: 'We need more counselors in our schools, not more police.',
    kind: 'quote',
    stance: 'support',
    speaker: { name: 'Jordan Avery', role: 'parent', role_category: 'parent' },
    measure: {
      id: 'test-measure',
      title: 'Test district resolution to end the SRO contract',
      body: { id: 'test-district', name: 'Test Unified School District', state: 'CA' },
    },
    source: { id: 'test-source', type: 'news_article', title: 'Parents speak at board meeting', outlet: 'Test Gazette' },
    topics: ['mental-health'],
    ...overrides,
  };
}

/** Lists the ids in the index, to compare with the store. */
export async function indexedIds(target: SyncTarget): Promise<string[]> {
  const { results } = await target.client.index(target.indexUid).getDocuments({ fields: ['id'], limit: 10_000 });
  return results.map((d) => String(d.id)).sort();
}
