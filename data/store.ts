import { openDatabase, type Db } from './db.js';
import { createEntityRepositories } from './entity-repositories.js';

/**
 * The archive's system of record: one SQLite database and the repositories that own its SQL, one
 * per entity (statements, people, organizations, speakers, memberships, meetings, measures,
 * sources, topics, curators, revisions, outbox, candidates, meta).
 */
export function createStore(db: Db) {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const ownChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  const repositories = createEntityRepositories(db);
  return {
    db,
    ...repositories,
    /** Runs fn in one SQLite transaction: all of it is written, or none. */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    /**
     * Changes whenever anything was committed, by this connection (total_changes) or another
     * process (data_version): what a cache of whole-archive figures is keyed on.
     */
    /**
     * Runs async fn in one transaction held across awaits (BEGIN IMMEDIATE: the write lock is
     * taken up front). Only where nothing else uses this connection meanwhile (the CLI, an import
     * job's process): anything else run on it would join the open transaction.
     */
    async transactionAsync<T>(fn: () => Promise<T>): Promise<T> {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    changeStamp(): string {
      return `${String(dataVersion.get())}:${String(ownChanges.get())}`;
    },
    /** How long a write waits for another connection's lock, synchronously (see SERVING_BUSY_TIMEOUT_MS). */
    setBusyTimeout(ms: number): void {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
    },
    checkHealth(): boolean {
      return db.prepare<[], number>('SELECT 1').pluck().get() === 1;
    },
    close(): void {
      db.close();
    },
  };
}

export type Store = ReturnType<typeof createStore>;

export function openStore(path: string): Store {
  return createStore(openDatabase(path));
}
