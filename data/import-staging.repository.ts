import type { Db } from './db.js';

/**
 * What one import run remembers about the rows it has met (the row that gave each statement id,
 * and what happened to each entity), kept in TEMP tables of this connection rather than in
 * memory, so a file of a million rows runs in bounded memory. Each run starts with reset().
 */
export function createImportStagingRepository(db: Db) {
  // Created with the store, outside any transaction: one created inside a transaction that is then
  // rolled back (a dry run) would vanish under its prepared statements.
  const statements = prepare(db);
  return {
    reset(): void {
      statements.clearSeen.run();
      statements.clearTouched.run();
    },
    /** The row that first gave this statement id in this run, if any. */
    rowOfId(id: string): number | undefined {
      return statements.rowOf.get(id);
    },
    seeId(id: string, row: number): void {
      statements.see.run(id, row);
    },
    /** Notes what happened to an entity; the highest rank met wins (created > updated > unchanged). */
    touch(kind: string, id: string, rank: number): void {
      statements.touch.run(kind, id, rank);
    },
    /** How many entities of each kind ended at each rank. */
    touchedCounts(): { kind: string; rank: number; n: number }[] {
      return statements.counts.all();
    },
  };
}

function prepare(db: Db) {
  // TEMP: private to this connection, never in the archive file or a backup.
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS import_seen_ids (id TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS import_touched (
        kind TEXT NOT NULL, id TEXT NOT NULL, rank INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID`);
  return {
    clearSeen: db.prepare('DELETE FROM temp.import_seen_ids'),
    clearTouched: db.prepare('DELETE FROM temp.import_touched'),
    rowOf: db.prepare<[string], number>('SELECT row FROM temp.import_seen_ids WHERE id = ?').pluck(),
    see: db.prepare<[string, number]>('INSERT INTO temp.import_seen_ids (id, row) VALUES (?, ?)'),
    touch: db.prepare<[string, string, number]>(
      `INSERT INTO temp.import_touched (kind, id, rank) VALUES (?, ?, ?)
         ON CONFLICT (kind, id) DO UPDATE SET rank = max(rank, excluded.rank)`,
    ),
    counts: db.prepare<[], { kind: string; rank: number; n: number }>(
      'SELECT kind, rank, count(*) AS n FROM temp.import_touched GROUP BY kind, rank',
    ),
  };
}

export type ImportStagingRepository = ReturnType<typeof createImportStagingRepository>;
