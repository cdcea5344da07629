import type { Db } from './db.js';
import { INDEX_SETTINGS_PREFIX } from './meta.repository.js';

/** Tables every On Record archive has had since its first migration. */
const ARCHIVE_TABLES = ['schema_migrations', 'people', 'organizations', 'statements', 'sources', 'archive_meta'] as const;

/** One row of sqlite_master: what the schema check compares. */
export interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/**
 * Checks and preparations on an archive file that is not (yet) the live archive: a backup just
 * written, or a file about to be restored.
 */
export function createBackupRepository(db: Db) {
  // Prepared when used, each once: the file may turn out not to be an archive (or not SQLite),
  // and a statement on a table it lacks cannot be prepared.
  const tableNames = () => db.prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();

  return {
    /** "ok", or the problems SQLite's integrity check found (the first few). */
    checkIntegrity(): string[] {
      return db.prepare<[], string>('PRAGMA integrity_check(10)').pluck().all();
    },
    /** The archive tables the file lacks (none, for an On Record archive). */
    findMissingTables(): string[] {
      const present = new Set(tableNames());
      return ARCHIVE_TABLES.filter((table) => !present.has(table));
    },
    /** The migrations the file has applied; call only once schema_migrations is known to exist. */
    listAppliedMigrations(): { version: number; name: string }[] {
      return db
        .prepare<[], { version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')
        .all();
    },
    /** Every schema object (tables, indexes, triggers, views) but SQLite's own bookkeeping tables. */
    listSchema(): SchemaObject[] {
      return db
        .prepare<[], SchemaObject>(
          `SELECT type, name, tbl_name, sql FROM sqlite_master
            WHERE NOT (type = 'table' AND (name = 'sqlite_sequence' OR name LIKE 'sqlite\\_stat%' ESCAPE '\\'))
            ORDER BY type, name`,
        )
        .all();
    },
    /** Rows whose reference names a row that does not exist, counted per table and referenced table. */
    checkForeignKeys(): { table: string; parent: string; rows: number }[] {
      const rows = db.prepare<[], { table: string; parent: string }>('PRAGMA foreign_key_check').all();
      const counts = new Map<string, { table: string; parent: string; rows: number }>();
      for (const row of rows) {
        const key = `${row.table}→${row.parent}`;
        const entry = counts.get(key) ?? { table: row.table, parent: row.parent, rows: 0 };
        entry.rows++;
        counts.set(key, entry);
      }
      return [...counts.values()];
    },
    countStatements(): number {
      return db.prepare<[], number>('SELECT count(*) FROM statements').pluck().get() ?? 0;
    },
    /** Forgets which settings the search index was built with, so the app rebuilds it on start. */
    forgetIndexSettings(): void {
      db.prepare(`DELETE FROM archive_meta WHERE substr(key, 1, length(?)) = ?`).run(
        INDEX_SETTINGS_PREFIX,
        INDEX_SETTINGS_PREFIX,
      );
    },
    /** Sign-ins are not part of a backup's content: a restored archive starts with none. */
    deleteSessions(): void {
      if (tableNames().includes('sessions')) db.prepare('DELETE FROM sessions').run();
    },
    /** One self-contained file: folds any write-ahead log into it and stops using one. */
    useRollbackJournal(): void {
      db.pragma('journal_mode = DELETE');
    },
  };
}
