import type { Db } from './db.js';

/** When the seed corpus was loaded: an archive that has it never gets the seed again on start-up. */
export const SEEDED_AT = 'seeded_at';

/**
 * Keys `index_settings:<index>` hold the settings an index was built with; without one the app
 * rebuilds that index when it starts (how a restored archive gets its index rebuilt).
 */
export const INDEX_SETTINGS_PREFIX = 'index_settings:';

/** Small facts about the archive itself (e.g. when the seed was loaded). */
export function createMetaRepository(db: Db) {
  const select = db.prepare<[string], string>('SELECT value FROM archive_meta WHERE key = ?').pluck();
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO archive_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  return {
    get(key: string): string | undefined {
      return select.get(key);
    },
    set(key: string, value: string): void {
      upsert.run(key, value);
    },
  };
}

export type MetaRepository = ReturnType<typeof createMetaRepository>;
