import type { Meilisearch } from 'meilisearch';
import type { Store } from '../data/store.js';
import { waitForSuccess } from './meili-client.js';
import { toSearchDocument } from './to-search-document.js';

export interface SyncTarget {
  client: Meilisearch;
  indexUid: string;
}

export function topicLabelsOf(store: Store): Map<string, string> {
  return new Map(store.topics.list().map((t) => [t.slug, t.label]));
}

/**
 * Drains the outbox into the index, a batch at a time: write the documents, wait for the
 * task, check it succeeded, and only then acknowledge the entries. A crash anywhere leaves
 * the entries in place, so the index converges on the next drain.
 */
export async function drainOutbox(store: Store, target: SyncTarget, batchSize = 1000): Promise<number> {
  const index = target.client.index(target.indexUid);
  let synced = 0;
  for (;;) {
    const entries = store.outbox.takeBatch(batchSize);
    const last = entries.at(-1);
    if (!last) return synced;
    const ids = [...new Set(entries.map((e) => e.statement_id))];
    const topicLabels = topicLabelsOf(store);
    const published = store.statements.findManyByIds(ids).filter((s) => s.status === 'published');
    const publishedIds = new Set(published.map((s) => s.id));
    const gone = ids.filter((id) => !publishedIds.has(id));
    if (published.length > 0) {
      await waitForSuccess(
        index.addDocuments(
          published.map((s) => toSearchDocument(s, topicLabels)),
          { primaryKey: 'id' },
        ),
      );
    }
    if (gone.length > 0) await waitForSuccess(index.deleteDocuments(gone));
    // The batch is in the index: acknowledged and counted together, so every process's search
    // cache stops serving answers from before it (the count is what they are keyed on).
    store.transaction(() => {
      store.outbox.acknowledgeThrough(last.id);
      store.meta.bumpIndexVersion(target.indexUid);
    });
    synced += ids.length;
  }
}
