import { mkdirSync } from 'node:fs';
import type { Meilisearch } from 'meilisearch';
import type { Logger } from 'pino';
import { loadSeedIfNew, syncTopics } from './services/seed.service.js';
import { openStore, type Store } from '../data/store.js';
import { superviseEngine, type SupervisedEngine } from '../indexer/engine.supervisor.js';
import { createMeiliClient, type EngineConnection } from '../indexer/meili-client.js';
import type { SyncTarget } from '../indexer/outbox.js';
import { inspectIndex, prepareIndex, rebuildIndex } from '../indexer/rebuild.js';
import { ensureSearchKey } from '../indexer/search-key.js';
import { startIndexSyncer, type IndexSyncer } from '../indexer/syncer.js';
import type { Config } from './config.js';
import { createReadServices, type AppDeps } from './deps.js';
import { createSearchService } from './search/search.service.js';
import { createAdminServices } from './services/admin-services.js';

export interface Runtime {
  deps: AppDeps;
  store: Store;
  engine: SupervisedEngine | null;
  close(): Promise<void>;
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Builds everything the app needs: the engine (embedded and supervised unless MEILI_URL is
 * set), the store (migrated, seeded when new), an index that matches the store, a search-only
 * API key for queries, and the outbox syncer.
 */
export async function startRuntime(config: Config, logger: Logger, options: { production?: boolean } = {}): Promise<Runtime> {
  mkdirSync(config.dataDir, { recursive: true });
  const engineLog = logger.child({ component: 'meilisearch' });
  // Set once the store and syncer exist; an engine restart before then has nothing to resume.
  let afterEngineRestart: () => void = () => undefined;
  const engine = config.meili
    ? null
    : await superviseEngine({
        dataDir: config.dataDir,
        log: (line) => engineLog.debug(line),
        onCrash: ({ pid, code, signal, upMs, attempt, delayMs }) =>
          logger.error(
            { enginePid: pid, code, signal, upMs, attempt, restartInMs: delayMs },
            'embedded Meilisearch exited unexpectedly; restarting it',
          ),
        onRestartFailed: ({ error, attempt, delayMs }) =>
          logger.error(
            { attempt, restartInMs: delayMs, reason: reasonOf(error) },
            'embedded Meilisearch did not restart; trying again',
          ),
        onRestarted: ({ pid, attempt, downMs }) => {
          logger.warn({ enginePid: pid, url: engine?.url, attempt, downMs }, 'embedded Meilisearch restarted');
          afterEngineRestart();
        },
      });
  const admin: EngineConnection = engine
    ? { url: engine.url, apiKey: engine.masterKey }
    : { url: config.meili?.url as string, apiKey: config.meili?.masterKey ?? '' };
  if (engine) logger.info({ url: engine.url, enginePid: engine.pid }, 'embedded Meilisearch started');

  let store: Store | null = null;
  try {
    store = openStore(config.databasePath);
    syncTopics(store);
    const seeded = loadSeedIfNew(store);
    if (seeded) logger.info({ statements: seeded.statements }, 'seed corpus loaded');

    // The master key writes the index and manages keys; searches go out with a search-only key.
    const client = createMeiliClient(admin);
    const target = { client, indexUid: config.indexUid };
    const searchClient = await createSearchClient(client, admin, config, logger);
    const prepared = await prepareIndex(store, target);
    if (prepared.rebuilt) logger.info({ reason: prepared.state }, 'search index rebuilt');

    const syncer = startIndexSyncer(store, target, {
      onError: (error) => logger.warn({ err: error }, 'index sync failed; will retry'),
    });
    const search = createSearchService({ client: searchClient, indexUid: config.indexUid, statements: store.statements });
    const deps: AppDeps = {
      config,
      logger,
      store,
      syncer,
      production: options.production ?? true,
      services: createAdminServices(store),
      ...createReadServices({
        store,
        search,
        engine: client,
        indexUid: config.indexUid,
        onVocabularyError: (error) => logger.warn({ reason: reasonOf(error) }, '"Did you mean" vocabulary not built'),
      }),
    };
    // Off the request path, a batch at a time: searches offer no corrections until it is done.
    deps.vocabulary.refresh().then(
      (vocabulary) =>
        logger.info({ known: vocabulary.knownCount, suggestable: vocabulary.suggestableCount }, 'search vocabulary built'),
      (error: unknown) => logger.warn({ reason: reasonOf(error) }, '"Did you mean" vocabulary not built'),
    );
    const openedStore = store;
    let closed = false;
    afterEngineRestart = () => {
      if (!closed) void resumeAfterRestart(openedStore, target, syncer, logger, () => closed);
    };
    return {
      deps,
      store,
      engine,
      async close() {
        closed = true;
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

/** A client holding the search-only key; the admin client (with a warning) when none can be had. */
async function createSearchClient(
  admin: Meilisearch,
  connection: EngineConnection,
  config: Config,
  logger: Logger,
): Promise<Meilisearch> {
  const outcome =
    connection.apiKey === ''
      ? { ok: false as const, reason: 'MEILI_MASTER_KEY is not set' }
      : await ensureSearchKey(admin, config.indexUid);
  if (!outcome.ok) {
    logger.warn(
      { reason: outcome.reason },
      'no search-only API key: searching with the configured key instead (set MEILI_MASTER_KEY to the master key of MEILI_URL to fix)',
    );
    return admin;
  }
  // The uid and name identify the key in Meilisearch; the key itself is never logged.
  logger.info(
    { keyUid: outcome.uid, keyName: outcome.name, actions: ['search'], index: config.indexUid, created: outcome.created },
    'searching with a search-only API key',
  );
  return createMeiliClient({ url: connection.url, apiKey: outcome.key });
}

/**
 * After the engine came back: make sure the search key and the index are still there (they
 * are, unless its database was lost; the key's value is derived, so it comes back unchanged),
 * then have the syncer drain the outbox now rather than at the end of its backoff.
 */
async function resumeAfterRestart(
  store: Store,
  target: SyncTarget,
  syncer: IndexSyncer,
  logger: Logger,
  closed: () => boolean,
): Promise<void> {
  try {
    const key = await ensureSearchKey(target.client, target.indexUid);
    if (key.ok && key.created)
      logger.warn({ keyUid: key.uid }, 'search-only API key was missing after the restart; created it again');
    if (!closed() && (await inspectIndex(store, target)) === 'missing') {
      logger.warn('search index was missing after the engine restart; rebuilding it from the store');
      await rebuildIndex(store, target);
    }
  } catch (error) {
    logger.warn({ reason: reasonOf(error) }, 'could not check the index after the engine restart; the syncer will retry');
  }
  if (!closed()) syncer.kick();
}
