import type { Db } from './db.js';

/** When the seed corpus was loaded: an archive that has it never gets the seed again on start-up. */
export const SEEDED_AT = 'seeded_at';

/**
 * Keys `index_settings:<index>` hold the settings an index was built with; without one the app
 * rebuilds that index when it starts (how a restored archive gets its index rebuilt).
 */
export const INDEX_SETTINGS_PREFIX = 'index_settings:';

/**
 * Keys `index_version:<index>` count the outbox batches (and rebuilds) applied to that index: a
 * cached search answer is keyed on it, and every process of the archive reads the same count.
 */
export const INDEX_VERSION_PREFIX = 'index_version:';

/** Small facts about the archive itself (e.g. when the seed was loaded). */
export function createMetaRepository(db: Db) {
  const select = db.prepare<[string], string>('SELECT value FROM archive_meta WHERE key = ?').pluck();
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO archive_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const bump = db.prepare<[string]>(
    `INSERT INTO archive_meta (key, value) VALUES (?, '1')
     ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`,
  );
  return {
    get(key: string): string | undefined {
      return select.get(key);
    },
    set(key: string, value: string): void {
      upsert.run(key, value);
    },
    /** How many changes have been applied to the index so far (0 before the first); one row read. */
    indexVersion(indexUid: string): number {
      return Number(select.get(INDEX_VERSION_PREFIX + indexUid) ?? 0);
    },
    /** Counts one more change applied to the index: answers cached under the old count are never served again. */
    bumpIndexVersion(indexUid: string): void {
      bump.run(INDEX_VERSION_PREFIX + indexUid);
    },
  };
}

export type MetaRepository = ReturnType<typeof createMetaRepository>;
