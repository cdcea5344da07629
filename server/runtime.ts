import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Meilisearch } from 'meilisearch';
import type { Logger } from 'pino';
import { startAlertScheduler, type AlertScheduler } from './alerts/alert-scheduler.js';
import { loadAlertSecret } from './alerts/alert-tokens.js';
import { createAlertsService, type AlertsService } from './alerts/alerts.service.js';
import { startBackgroundRole } from './background-role.js';
import { createMailer } from './alerts/mailer.js';
import { loadSeedIfNew, syncTopics } from './services/seed.service.js';
import { openDatabase, SERVING_BUSY_TIMEOUT_MS } from '../data/db.js';
import { createStore, openStore, type Store } from '../data/store.js';
import { superviseEngine, type SupervisedEngine } from '../indexer/engine.supervisor.js';
import { createMeiliClient, type EngineConnection } from '../indexer/meili-client.js';
import type { SyncTarget } from '../indexer/outbox.js';
import { inspectIndex, prepareIndex, rebuildIndex } from '../indexer/rebuild.js';
import { ensureSearchKey } from '../indexer/search-key.js';
import { startIndexSyncer, type IndexSyncer } from '../indexer/syncer.js';
import type { Config } from './config.js';
import { createBackupService } from './services/backup.service.js';
import { createReadServices, type AppDeps } from './deps.js';
import { createSearchService, type SearchService } from './search/search.service.js';
import { createSearchCache } from './search/search.cache.js';
import { createAdminServices } from './services/admin-services.js';
import { createJobsService } from './services/jobs.service.js';

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
    store = config.readOnly ? createStore(openDatabase(config.databasePath, { readonly: true })) : openStore(config.databasePath);
    if (!config.readOnly) {
      syncTopics(store);
      const seeded = loadSeedIfNew(store);
      if (seeded) logger.info({ statements: seeded.statements }, 'seed corpus loaded');
    }

    // The master key writes the index and manages keys; searches go out with a search-only key.
    const client = createMeiliClient(admin);
    const target = { client, indexUid: config.indexUid };
    const searchClient = await createSearchClient(client, admin, config, logger);
    if (config.readOnly) {
      logger.info({ index: config.indexUid }, 'read-only replica: serving the archive as it is, writing nothing');
    } else {
      const prepared = await prepareIndex(store, target);
      if (prepared.warning) logger.warn(prepared.warning);
      if (prepared.rebuilt) logger.info({ reason: prepared.state }, 'search index rebuilt');
      // The archive opened, migrated and indexed: if a restore put it here, the one it replaced can go.
      const settled = createBackupService(config).settleRestore();
      if (settled.previous.length + settled.leftovers.length > 0)
        logger.info(
          { removed: [...settled.previous, ...settled.leftovers] },
          'restored archive started; the archive it replaced was removed',
        );
    }

    // Start-up (migrations, seed, settling a restore) may wait for a lock; serving never does.
    store.setBusyTimeout(SERVING_BUSY_TIMEOUT_MS);
    const openedStore = store;
    const search = createSearchService({
      client: searchClient,
      indexUid: config.indexUid,
      statements: store.statements,
      onSemanticRefused: (reason) => logger.warn({ reason }, 'the engine refused a search by meaning; searching by words only'),
      cache: {
        answers: createSearchCache(config.searchCacheBytes),
        indexVersion: () => openedStore.meta.indexVersion(config.indexUid),
      },
    });
    const alerts = config.readOnly ? null : createAlerts(config, store, search, logger);
    // One process per archive runs the syncer and the schedulers: the holder of the background lease.
    let current: { syncer: IndexSyncer; scheduler: AlertScheduler | undefined } | null = null;
    const background = config.readOnly
      ? null
      : startBackgroundRole({
          leases: store.leases,
          start: () => {
            const syncer = startIndexSyncer(openedStore, target, {
              onError: (error) => logger.warn({ err: error }, 'index sync failed; will retry'),
            });
            const scheduler = alerts ? startScheduler(config, alerts, openedStore, logger) : undefined;
            current = { syncer, scheduler };
            return {
              async stop() {
                current = null;
                await scheduler?.stop();
                await syncer.stop();
              },
            };
          },
          onChange: (holding) =>
            logger.info(
              holding
                ? 'this process runs the index syncer and the schedulers'
                : 'another process now runs the index syncer and the schedulers',
            ),
          onError: (error) => logger.warn({ err: error }, 'could not renew the background lease; will retry'),
        });
    // Routes kick whichever syncer runs in this process; another process's polls the outbox anyway.
    const syncer: IndexSyncer = {
      kick: () => current?.syncer.kick(),
      syncNow: () => current?.syncer.syncNow() ?? Promise.resolve(0),
      stop: () => Promise.resolve(),
    };
    const jobs = createJobsService({
      store,
      databasePath: config.databasePath,
      jobsDir: join(config.dataDir, 'jobs'),
      logger: logger.child({ component: 'jobs' }),
      onArchiveChanged: () => syncer.kick(),
    });
    if (!config.readOnly) {
      const orphans = jobs.failOrphans();
      if (orphans > 0) logger.warn({ jobs: orphans }, 'jobs left running by a stopped app were marked failed');
    }
    const deps: AppDeps = {
      jobs,
      alerts: alerts
        ? { service: alerts, scheduler: { kick: () => current?.scheduler?.kick(), stop: () => Promise.resolve() } }
        : undefined,
      config,
      logger,
      store,
      syncer: config.readOnly ? undefined : syncer,
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
    let closed = false;
    afterEngineRestart = () => {
      if (!closed && !config.readOnly) void resumeAfterRestart(openedStore, target, syncer, logger, () => closed);
    };
    return {
      deps,
      store,
      engine,
      async close() {
        closed = true;
        jobs.stop();
        await background?.stop();
        alerts?.mailer.close();
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

/** Alerts: the mailer (SMTP_URL, or .eml files in DATA_DIR/mail/) and the service. */
function createAlerts(config: Config, store: Store, search: SearchService, logger: Logger): AlertsService {
  const mailer = createMailer({ smtpUrl: config.alerts.smtpUrl, from: config.alerts.mailFrom, mailDir: config.alerts.mailDir });
  if (config.alerts.smtpUrl) logger.info({ smtp: mailer.destination }, 'alert mail goes out through SMTP');
  else logger.info({ mailDir: mailer.destination }, 'SMTP_URL is not set: alert mail is written as .eml files to this directory');
  return createAlertsService({
    store,
    search,
    mailer,
    secret: loadAlertSecret(config.dataDir, config.alerts.secret ?? undefined),
    baseUrl: config.baseUrl,
  });
}

/** The alert scheduler, in the process that holds the background lease (ALERTS_INTERVAL_SECONDS=0: none). */
function startScheduler(config: Config, service: AlertsService, store: Store, logger: Logger): AlertScheduler | undefined {
  if (config.alerts.intervalMs <= 0) return undefined;
  const alertLog = logger.child({ component: 'alerts' });
  return startAlertScheduler({
    service,
    leases: store.leases,
    intervalMs: config.alerts.intervalMs,
    onRun: (report) => {
      if (report.sent > 0 || report.failed.length > 0 || report.prepared.length > 0) {
        alertLog.info({ prepared: report.prepared.length, sent: report.sent, failed: report.failed.length }, 'alert run');
      }
      for (const failure of report.failed) alertLog.warn(failure, 'alert mail not sent; will retry');
    },
    onError: (error) => alertLog.warn({ err: error }, 'alert run failed; will retry'),
  });
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
