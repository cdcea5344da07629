import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { openStore } from '../data/store.js';
import { superviseEngine, type SupervisedEngine } from '../indexer/engine.supervisor.js';
import { createMeiliClient } from '../indexer/meili-client.js';
import { prepareIndex } from '../indexer/rebuild.js';
import type { Config } from './config.js';
import { loadSeedIfNew, syncTopics } from './services/seed.service.js';

/**
 * WEB_CONCURRENCY=N: this (primary) process owns the embedded engine and prepares the archive
 * once (migrations, seed, index), then forks N workers that serve HTTP on the same port
 * (node:cluster) and open the same SQLite file (WAL: many readers, one writer at a time). The
 * workers elect the one that runs the syncer and the schedulers through a lease in SQLite. A
 * worker that dies is forked again.
 */
export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  let engine: SupervisedEngine | null = null;
  const workerEnv: Record<string, string> = { ONRECORD_WORKER: '1' };
  if (!config.meili) {
    engine = await superviseEngine({
      dataDir: config.dataDir,
      log: (line) => logger.debug({ component: 'meilisearch' }, line),
      onCrash: ({ code, signal }) => logger.error({ code, signal }, 'embedded Meilisearch exited unexpectedly; restarting it'),
      onRestarted: ({ pid }) => logger.warn({ enginePid: pid }, 'embedded Meilisearch restarted'),
    });
    logger.info({ url: engine.url, enginePid: engine.pid }, 'embedded Meilisearch started (shared by the workers)');
    workerEnv.MEILI_URL = engine.url;
    workerEnv.MEILI_MASTER_KEY = engine.masterKey;
  }
  if (!config.readOnly) {
    const store = openStore(config.databasePath);
    try {
      syncTopics(store);
      const seeded = loadSeedIfNew(store);
      if (seeded) logger.info({ statements: seeded.statements }, 'seed corpus loaded');
      const url = config.meili?.url ?? (engine as SupervisedEngine).url;
      const apiKey = config.meili?.masterKey ?? engine?.masterKey ?? '';
      const prepared = await prepareIndex(store, { client: createMeiliClient({ url, apiKey }), indexUid: config.indexUid });
      if (prepared.warning) logger.warn(prepared.warning);
      if (prepared.rebuilt) logger.info({ reason: prepared.state }, 'search index rebuilt');
    } finally {
      store.close();
    }
  }

  let stopping = false;
  const fork = () => cluster.fork(workerEnv);
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) return;
    logger.error({ workerPid: worker.process.pid, code, signal }, 'a worker exited; starting another');
    setTimeout(fork, 500).unref();
  });
  for (let i = 0; i < config.webConcurrency; i++) fork();
  logger.info({ workers: config.webConcurrency }, 'serving with several processes');

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the workers');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const force = setTimeout(() => worker.process.kill('SIGKILL'), 10_000);
            worker.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await engine?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
