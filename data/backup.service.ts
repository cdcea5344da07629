import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createBackupRepository } from './backup.repository.js';
import { listMigrations, migrateDatabase, type AppliedMigration } from './db.js';

/** A backup or restore that was refused; nothing was written. The message is one line. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupResult {
  path: string;
  bytes: number;
  statements: number;
}

export interface RestoreResult {
  statements: number;
  /** Migrations applied to a backup made by an older On Record. */
  migrated: AppliedMigration[];
}

// sqlite3_backup_step copies this many pages per step; SQLite starts a backup again from the top
// when another connection writes between two steps. Copying every page in one step reads one
// snapshot in one read transaction, which in WAL mode does not hold up the app's writes.
const ALL_PAGES = 0x7fffffff;

const temporaryBeside = (path: string, purpose: string) =>
  join(dirname(path), `.${basename(path)}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`);

function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/** Makes a rename (or a new file) in this directory survive a power cut. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const realOrResolved = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path));

/**
 * Writes a consistent copy of the archive to `file` with SQLite's online backup API: safe while
 * the app serves and writes. The copy is one self-contained file (no -wal beside it), checked
 * before it takes the name `file`; an existing `file` is replaced only with `force`.
 */
export async function backupArchive(
  databasePath: string,
  file: string,
  options: { force?: boolean } = {},
): Promise<BackupResult> {
  if (!existsSync(databasePath)) throw new BackupError(`there is no archive at ${databasePath} to back up`);
  const target = resolve(file);
  if (realOrResolved(target) === realpathSync(databasePath))
    throw new BackupError(`${target} is the archive itself; choose another file`);
  if (existsSync(target) && options.force !== true)
    throw new BackupError(`${target} already exists; pass --force to overwrite it`);
  if (!existsSync(dirname(target))) throw new BackupError(`the directory ${dirname(target)} does not exist`);

  const partial = temporaryBeside(target, 'partial');
  try {
    const source = new Database(databasePath, { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      await source.backup(partial, { progress: () => ALL_PAGES });
    } finally {
      source.close();
    }
    const copy = new Database(partial, { fileMustExist: true });
    let statements: number;
    try {
      const check = createBackupRepository(copy);
      check.useRollbackJournal();
      const integrity = check.checkIntegrity();
      if (integrity.join() !== 'ok')
        throw new BackupError(`the copy failed SQLite's integrity check (${integrity[0]}); nothing was written`);
      statements = check.countStatements();
    } finally {
      copy.close();
    }
    renameSync(partial, target);
    syncDirectory(dirname(target));
    return { path: target, bytes: statSync(target).size, statements };
  } finally {
    removeDatabaseFiles(partial);
  }
}

/**
 * The processes (other than this one) holding the archive open, read from /proc: the running app,
 * whether it uses the embedded engine or MEILI_URL, or another command. Empty where there is no /proc.
 */
export function findProcessesUsing(databasePath: string): number[] {
  const paths = new Set(['', '-wal', '-shm'].map((suffix) => realOrResolved(databasePath + suffix)));
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid);
  } catch {
    return [];
  }
  return pids
    .filter((pid) => {
      let fds: string[];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        return false; // gone meanwhile, or another user's (who cannot be running our app on our files)
      }
      return fds.some((fd) => {
        try {
          return paths.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
        } catch {
          return false;
        }
      });
    })
    .map(Number);
}

/** Why `path` (a copy of the file to restore, open in `db`) is not an archive this code can use; null if it is. */
function checkArchive(db: Database.Database, file: string): string | null {
  const check = createBackupRepository(db);
  let integrity: string[];
  try {
    integrity = check.checkIntegrity();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      return `${file} is not an On Record archive (not a SQLite database)`;
    throw error;
  }
  if (integrity.join() !== 'ok') return `${file} failed SQLite's integrity check (${integrity[0]})`;
  const missing = check.findMissingTables();
  if (missing.length > 0)
    return `${file} is not an On Record archive (it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''})`;
  const known = new Map(listMigrations().map((m) => [m.version, m.name]));
  const latest = Math.max(...known.keys());
  for (const applied of check.listAppliedMigrations()) {
    if (applied.version > latest) {
      return (
        `${file} was made by a newer On Record (schema version ${applied.version}` +
        `; this one knows up to ${latest}): upgrade On Record first`
      );
    }
    if (known.get(applied.version) !== applied.name) {
      return (
        `${file} is not an On Record archive (its migration ${applied.version}` +
        ` is "${applied.name}", not "${known.get(applied.version)}")`
      );
    }
  }
  return null;
}

/**
 * Replaces the archive at `databasePath` with the archive in `file`, atomically: the file is
 * copied beside the archive, checked (SQLite integrity, our migrations, not newer than this
 * code), brought up to the current schema, then renamed over it. Refuses, changing nothing,
 * while a process holds the archive open. Afterwards the archive no longer says which settings
 * the search index was built with, so the index is rebuilt (by the caller, or the app on start).
 */
export function restoreArchive(databasePath: string, file: string): RestoreResult {
  const from = resolve(file);
  if (!existsSync(from)) throw new BackupError(`${from} does not exist`);
  if (!statSync(from).isFile()) throw new BackupError(`${from} is not a file`);
  if (existsSync(databasePath) && realpathSync(from) === realpathSync(databasePath)) {
    throw new BackupError(`${from} is the archive itself`);
  }
  refuseWhileInUse(databasePath);

  mkdirSync(dirname(databasePath), { recursive: true });
  const incoming = temporaryBeside(databasePath, 'restore');
  try {
    copyFileSync(from, incoming);
    // A copy taken beside a live archive may keep recent writes in its -wal: they belong to it.
    if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${incoming}-wal`);
    const db = new Database(incoming, { fileMustExist: true });
    let result: RestoreResult;
    try {
      const problem = checkArchive(db, from);
      if (problem) throw new BackupError(`restore refused, nothing was changed: ${problem}`);
      const migrated = migrateDatabase(db);
      const prepare = createBackupRepository(db);
      prepare.forgetIndexSettings();
      prepare.deleteSessions();
      prepare.useRollbackJournal();
      result = { statements: prepare.countStatements(), migrated };
    } finally {
      db.close();
    }
    const fd = openSync(incoming, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // Checked again: the copy and checks take a while, and an app may have started meanwhile.
    refuseWhileInUse(databasePath);
    retireLiveArchive(databasePath);
    renameSync(incoming, databasePath);
    syncDirectory(dirname(databasePath));
    return result;
  } finally {
    removeDatabaseFiles(incoming);
  }
}

function refuseWhileInUse(databasePath: string): void {
  const users = findProcessesUsing(databasePath);
  if (users.length > 0) {
    throw new BackupError(
      `restore refused, nothing was changed: the archive ${databasePath} is open in process ${users.join(', ')} ` +
        '(the running app, or another onrecord command); stop it first',
    );
  }
}

/**
 * Folds the live archive's write-ahead log into it and removes the -wal and -shm files: left
 * beside the restored file, SQLite would read the old archive's log as if it were the new one's.
 */
function retireLiveArchive(databasePath: string): void {
  if (existsSync(databasePath)) {
    try {
      const live = new Database(databasePath, { fileMustExist: true });
      try {
        live.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        live.close();
      }
    } catch {
      // A damaged archive is being replaced anyway; its log goes with it.
    }
  }
  rmSync(`${databasePath}-wal`, { force: true });
  rmSync(`${databasePath}-shm`, { force: true });
}
