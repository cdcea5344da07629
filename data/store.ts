import { openDatabase, type Db } from './db.js';
import { createAdminRepository } from './admin.repository.js';
import { createBrowseRepository } from './browse.repository.js';
import { createCatalogRepository } from './catalog.repository.js';
import { createCurationRepository } from './curation.repository.js';
import { createMetaRepository } from './meta.repository.js';
import { createOutboxRepository } from './outbox.repository.js';
import { createReviewRepository } from './review.repository.js';
import { createStatementRepository } from './statement.repository.js';

/** The archive's system of record: one SQLite database and the repositories that own its SQL. */
export function createStore(db: Db) {
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const ownChanges = db.prepare('SELECT total_changes()').pluck();
  return {
    db,
    catalog: createCatalogRepository(db),
    statements: createStatementRepository(db),
    outbox: createOutboxRepository(db),
    meta: createMetaRepository(db),
    browse: createBrowseRepository(db),
    curation: createCurationRepository(db),
    admin: createAdminRepository(db),
    review: createReviewRepository(db),
    /** Runs fn in one SQLite transaction: all of it is written, or none. */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    /**
     * Changes whenever anything was committed, by this connection (total_changes) or another
     * process (data_version): what a cache of whole-archive figures is keyed on.
     */
    changeStamp(): string {
      return `${String(dataVersion.get())}:${String(ownChanges.get())}`;
    },
    checkHealth(): boolean {
      return db.prepare('SELECT 1').pluck().get() === 1;
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
