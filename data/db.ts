import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrationsDir } from './paths.js';

export type Db = Database.Database;

/**
 * How long the app's own connection waits for another writer's lock while serving: not at all.
 * SQLite waits synchronously, which would stall every request on the event loop; a refused write
 * is retried on a timer instead (server/http/busy-retry.ts), the syncer backs off. The CLI and
 * import jobs, processes of their own, keep the default wait.
 */
export const SERVING_BUSY_TIMEOUT_MS = 0;
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** SQLite refused for a lock another connection holds (SQLITE_BUSY and its extended codes). */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** Opens (creating if needed) the archive database and applies pending migrations. */
export function openDatabase(path: string, options: { migrate?: boolean; readonly?: boolean } = {}): Db {
  if (options.readonly) return openReadOnly(path);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${DEFAULT_BUSY_TIMEOUT_MS}`);
  db.pragma('synchronous = NORMAL');
  if (options.migrate !== false) migrateDatabase(db);
  return db;
}

/**
 * A replica's archive (READ_ONLY): opened read-only, never migrated; it must already have every
 * migration this code knows, or it is refused (the primary is upgraded first).
 */
function openReadOnly(path: string): Db {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${DEFAULT_BUSY_TIMEOUT_MS}`);
  const applied = new Set(db.prepare<[], number>('SELECT version FROM schema_migrations').pluck().all());
  const missing = listMigrations().filter((m) => !applied.has(m.version));
  if (missing.length > 0) {
    db.close();
    throw new Error(`the read-only archive lacks migrations ${missing.map((m) => m.name).join(', ')}: upgrade the primary first`);
  }
  return db;
}

export interface AppliedMigration {
  version: number;
  name: string;
}

/** The migrations this code knows, by version: what an archive it opens may have applied. */
export function listMigrations(): AppliedMigration[] {
  return readdirSync(migrationsDir)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 4)), name: file }));
}

/**
 * Applies every numbered migration not yet applied (up to `upTo`, when given), each in its own
 * transaction.
 */
export function migrateDatabase(db: Db, options: { upTo?: number } = {}): AppliedMigration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`);
  const applied = new Set(db.prepare<[], number>('SELECT version FROM schema_migrations').pluck().all());
  const pending = listMigrations().filter(
    (migration) => !applied.has(migration.version) && (options.upTo === undefined || migration.version <= options.upTo),
  );

  const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
  for (const migration of pending) {
    const sql = readFileSync(join(migrationsDir, migration.name), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      record.run(migration.version, migration.name);
    })();
  }
  return pending;
}
