import type { Db } from './db.js';

/** Small facts about the archive itself (e.g. when the seed was loaded). */
export function createMetaRepository(db: Db) {
  const select = db.prepare('SELECT value FROM archive_meta WHERE key = ?').pluck();
  const upsert = db.prepare(
    'INSERT INTO archive_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  return {
    get(key: string): string | undefined {
      return select.get(key) as string | undefined;
    },
    set(key: string, value: string): void {
      upsert.run(key, value);
    },
  };
}
