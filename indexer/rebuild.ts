import { MeilisearchApiError, type Meilisearch } from 'meilisearch';
import { INDEX_SETTINGS_PREFIX } from '../data/meta.repository.js';
import type { Store } from '../data/store.js';
import { buildIndexSettings, settingsFingerprint } from './index-settings.js';
import { IndexTaskFailedError, waitForSuccess } from './meili-client.js';
import { drainOutbox, topicLabelsOf, type SyncTarget } from './outbox.js';
import { toSearchDocument } from './to-search-document.js';
import { prepareSemantic } from './semantic.js';

export interface RebuildOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

const fingerprintKey = (indexUid: string) => `${INDEX_SETTINGS_PREFIX}${indexUid}`;

/** Document batches queued in the engine at once during a rebuild (measured: bench/run.ts). */
const MAX_QUEUED_BATCHES = 64;

/**
 * Waits for one rebuild batch. A bulk job polls gently: a poll every 10 ms per queued task takes
 * engine CPU from the indexing it waits for, and a rebuild's latency is minutes, not ms.
 */
async function waitForBulkTask(client: Meilisearch, taskUid: number): Promise<void> {
  const task = await client.tasks.waitForTask(taskUid, { timeout: 600_000, interval: 100 });
  if (task.status !== 'succeeded') throw new IndexTaskFailedError(task);
}

/**
 * Builds a complete new index beside the live one and swaps it in, so searches never see a
 * half-built index; then drops the old one and drains what was written meanwhile.
 */
export async function rebuildIndex(store: Store, target: SyncTarget, options: RebuildOptions = {}): Promise<number> {
  const { client, indexUid } = target;
  const batchSize = options.batchSize ?? 5000;
  await prepareSemantic(client);
  const settings = buildIndexSettings();
  // Everything enqueued before this point is covered by reading the store afresh below.
  const coveredThrough = store.outbox.lastId();
  const staging = `${indexUid}__rebuild_${Date.now().toString(36)}`;
  await waitForSuccess(client.createIndex(staging, { primaryKey: 'id' }));
  try {
    await waitForSuccess(client.index(staging).updateSettings(settings));
    const total = store.statements.countPublished();
    const topicLabels = topicLabelsOf(store);
    const queued: number[] = [];
    let cursor = '';
    let done = 0;
    for (;;) {
      const ids = store.statements.listPublishedIdsAfter(cursor, batchSize);
      if (ids.length === 0) break;
      cursor = ids.at(-1) as string;
      const documents = store.statements.findManyByIds(ids).map((s) => toSearchDocument(s, topicLabels));
      queued.push((await client.index(staging).addDocuments(documents, { primaryKey: 'id' })).taskUid);
      // The engine ingests fastest when it can merge many queued tasks into one batch; the
      // documents wait in the engine's task queue (on disk), not in this process.
      if (queued.length >= MAX_QUEUED_BATCHES) await waitForBulkTask(client, queued.shift() as number);
      done += ids.length;
      options.onProgress?.(done, total);
    }
    for (const uid of queued) await waitForBulkTask(client, uid);
    await ensureIndex(client, indexUid);
    await waitForSuccess(client.swapIndexes([{ indexes: [indexUid, staging], rename: false }]));
  } finally {
    // After the swap the staging name holds the old index; before it, the unfinished one.
    await waitForSuccess(client.deleteIndex(staging)).catch(() => undefined);
  }
  // A new index is live: cached answers from the old one are never served again.
  store.transaction(() => {
    store.outbox.acknowledgeThrough(coveredThrough);
    store.meta.bumpIndexVersion(indexUid);
    store.meta.set(fingerprintKey(indexUid), settingsFingerprint(settings));
  });
  await drainOutbox(store, target);
  return store.statements.countPublished();
}

async function ensureIndex(client: Meilisearch, indexUid: string): Promise<void> {
  const exists = await client.getIndex(indexUid).then(
    () => true,
    () => false,
  );
  if (!exists) await waitForSuccess(client.createIndex(indexUid, { primaryKey: 'id' }));
}

export type IndexState = 'current' | 'missing' | 'stale-settings';

/** Whether the live index exists and was built with the current settings. */
export async function inspectIndex(store: Store, target: SyncTarget): Promise<IndexState> {
  const exists = await target.client.getIndex(target.indexUid).then(
    () => true,
    (error: unknown) => {
      if (isNotFound(error)) return false;
      throw error;
    },
  );
  if (!exists) return 'missing';
  return store.meta.get(fingerprintKey(target.indexUid)) === settingsFingerprint() ? 'current' : 'stale-settings';
}

function isNotFound(error: unknown): boolean {
  return error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found';
}

/** At start-up: rebuild when the index is missing or its settings changed, then drain the outbox. */
export async function prepareIndex(
  store: Store,
  target: SyncTarget,
): Promise<{ rebuilt: boolean; state: IndexState; warning?: string }> {
  // First: whether the index holds vectors is part of its settings.
  const warned = await prepareSemantic(target.client);
  const warning = warned ? { warning: warned } : {};
  const state = await inspectIndex(store, target);
  if (state !== 'current') {
    await rebuildIndex(store, target);
    return { rebuilt: true, state, ...warning };
  }
  await drainOutbox(store, target);
  return { rebuilt: false, state, ...warning };
}
