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
