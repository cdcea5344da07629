import type { Db } from './db.js';

export interface OutboxEntry {
  id: number;
  statement_id: string;
}

/** The index outbox: statements whose search document must be (re)written or removed. */
export function createOutboxRepository(db: Db) {
  const selectBatch = db.prepare('SELECT id, statement_id FROM index_outbox ORDER BY id LIMIT ?');
  const deleteThrough = db.prepare('DELETE FROM index_outbox WHERE id <= ?');
  const count = db.prepare('SELECT count(*) FROM index_outbox').pluck();
  // The syncer asks this every 50 ms: one row read, where count(*) walks a backlog of millions.
  const anyPending = db.prepare('SELECT EXISTS (SELECT 1 FROM index_outbox)').pluck();
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM index_outbox').pluck();
  const enqueueAll = db.prepare('INSERT INTO index_outbox (statement_id) SELECT id FROM statements');

  return {
    /** The oldest entries; every entry with an id up to the last one returned is in the batch. */
    takeBatch(limit: number): OutboxEntry[] {
      return selectBatch.all(limit) as OutboxEntry[];
    },
    /** Removes entries once their documents are confirmed in the index. */
    acknowledgeThrough(id: number): void {
      deleteThrough.run(id);
    },
    countPending(): number {
      return count.get() as number;
    },
    hasPending(): boolean {
      return anyPending.get() === 1;
    },
    lastId(): number {
      return maxId.get() as number;
    },
    /** Queues every statement, e.g. when the index was lost and must be refilled incrementally. */
    enqueueEverything(): void {
      enqueueAll.run();
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
