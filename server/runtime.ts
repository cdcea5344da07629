import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { loadSeedIfNew, syncTopics } from '../data/seed/load-seed.js';
import { openStore, type Store } from '../data/store.js';
import { startEmbeddedEngine, type EmbeddedEngine } from '../indexer/engine.js';
import { createMeiliClient } from '../indexer/meili-client.js';
import { prepareIndex } from '../indexer/rebuild.js';
import { startIndexSyncer } from '../indexer/syncer.js';
import type { Config } from './config.js';
import type { AppDeps } from './deps.js';
import { createSearchService } from './search/search.service.js';

export interface Runtime {
  deps: AppDeps;
  store: Store;
  engine: EmbeddedEngine | null;
  close(): Promise<void>;
}

/**
 * Builds everything the app needs: the engine (embedded unless MEILI_URL is set), the store
 * (migrated, seeded when new), an index that matches the store, and the outbox syncer.
 */
export async function startRuntime(config: Config, logger: Logger, options: { production?: boolean } = {}): Promise<Runtime> {
  mkdirSync(config.dataDir, { recursive: true });
  const engineLog = logger.child({ component: 'meilisearch' });
  const engine = config.meili ? null : await startEmbeddedEngine({
    dataDir: config.dataDir,
    log: (line) => engineLog.debug(line),
  });
  const connection = engine
    ? { url: engine.url, apiKey: engine.masterKey }
    : { url: config.meili?.url as string, apiKey: config.meili?.masterKey ?? '' };
  if (engine) {
    logger.info({ url: engine.url, pid: engine.pid }, 'embedded Meilisearch started');
    void engine.exited.then((code) => logger.warn({ code }, 'embedded Meilisearch exited'));
  }

  let store: Store | null = null;
  try {
    store = openStore(config.databasePath);
    syncTopics(store);
    const seeded = loadSeedIfNew(store);
    if (seeded) logger.info({ statements: seeded.statements }, 'seed corpus loaded');

    const client = createMeiliClient(connection);
    const target = { client, indexUid: config.indexUid };
    const prepared = await prepareIndex(store, target);
    if (prepared.rebuilt) logger.info({ reason: prepared.state }, 'search index rebuilt');

    const syncer = startIndexSyncer(store, target, {
      onError: (error) => logger.warn({ err: error }, 'index sync failed; will retry'),
    });
    const search = createSearchService({ client, indexUid: config.indexUid, statements: store.statements });
    const deps: AppDeps = {
      config, logger, store, search, meili: client, syncer, production: options.production ?? true,
    };
    const openedStore = store;
    return {
      deps,
      store,
      engine,
      async close() {
        await syncer.stop();
        openedStore.close();
        await engine?.stop();
      },
    };
  } catch (error) {
    store?.close();
    await engine?.stop();
    throw error;
  }
}
