// Backup and restore at the level of SQLite files: the online backup API, checks of a restored file, the swap into place.
// The use case (refusing while the app runs, what the CLI says) is server/services/backup.service.ts.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createBackupRepository, type SchemaObject } from './backup.repository.js';
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
  /** Where the archive it replaced was kept (until the app has started once on the restored one); null if there was none. */
  previous: string | null;
  /** Copies left behind by an earlier restore that was killed part-way, removed before this one. */
  removedLeftovers: string[];
}

// sqlite3_backup_step copies this many pages per step; SQLite starts a backup again from the top
// when another connection writes between two steps. Copying every page in one step reads one
// snapshot in one read transaction, which in WAL mode does not hold up the app's writes.
const ALL_PAGES = 0x7fffffff;

const temporaryBeside = (path: string, purpose: string) =>
  join(dirname(path), `.${basename(path)}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`);

const processIsAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes the temporary copies (and their -wal/-journal) that a process killed part-way through
 * left beside `path`: named by temporaryBeside with the process's id, whose process is gone.
 * Returns the removed paths.
 */
export function removeLeftoverCopies(path: string, purpose: string): string[] {
  const dir = dirname(path);
  const pattern = new RegExp(
    `^\\.${basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.${purpose}-(\\d+)-[0-9a-f]{8}(-wal|-shm|-journal)?$`,
  );
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = pattern.exec(entry);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processIsAlive(pid)) continue;
    rmSync(join(dir, entry), { force: true });
    removed.push(join(dir, entry));
  }
  return removed;
}

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

  removeLeftoverCopies(target, 'partial');
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

/**
 * SQL text as the schema check compares it: comments dropped, runs of whitespace made one
 * space, none around punctuation. String literals and quoted names are kept exactly.
 */
export function normaliseSql(sql: string): string {
  let out = '';
  let i = 0;
  const closing: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c in closing) {
      const end = closing[c] as string;
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === end) {
          if (end !== ']' && sql[j + 1] === end)
            j += 2; // a doubled quote inside the literal
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? sql.length : eol;
      out += ' ';
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      out += ' ';
    } else if (/\s/.test(c)) {
      out += ' ';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out
    .replace(/ +/g, ' ')
    .replace(/ ?([(),;]) ?/g, '$1')
    .trim();
}

const describeObject = (o: SchemaObject) => `${o.type} ${o.name}${o.type === 'table' ? '' : ` (on ${o.tbl_name})`}`;
const schemaKey = (o: SchemaObject) => `${o.type}\u0000${o.name}`;

/** What the migrations up to `version` create: built by migrating an empty database in memory. */
export function expectedSchema(version: number): SchemaObject[] {
  const db = new Database(':memory:');
  try {
    migrateDatabase(db, { upTo: version });
    return createBackupRepository(db).listSchema();
  } finally {
    db.close();
  }
}

/** How the file's schema differs from what its migrations create: each extra, missing or altered object. */
export function compareSchema(actual: SchemaObject[], expected: SchemaObject[]): string[] {
  const want = new Map(expected.map((o) => [schemaKey(o), o]));
  const have = new Map(actual.map((o) => [schemaKey(o), o]));
  const problems: string[] = [];
  for (const [key, o] of have) {
    const wanted = want.get(key);
    if (!wanted) problems.push(`an extra ${describeObject(o)}`);
    else if (wanted.tbl_name !== o.tbl_name || normaliseSql(wanted.sql ?? '') !== normaliseSql(o.sql ?? ''))
      problems.push(`an altered ${describeObject(o)}`);
  }
  for (const [key, o] of want) if (!have.has(key)) problems.push(`no ${describeObject(o)}`);
  return problems;
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
  const applied = check.listAppliedMigrations();
  for (const migration of applied) {
    if (migration.version > latest) {
      return (
        `${file} was made by a newer On Record (schema version ${migration.version}` +
        `; this one knows up to ${latest}): upgrade On Record first`
      );
    }
    if (known.get(migration.version) !== migration.name) {
      return (
        `${file} is not an On Record archive (its migration ${migration.version}` +
        ` is "${migration.name}", not "${known.get(migration.version)}")`
      );
    }
  }
  // Migrations apply in order: an archive has the first N of them, none skipped.
  const inOrder = [...known.keys()].sort((a, b) => a - b);
  if (applied.some((migration, i) => migration.version !== inOrder[i])) {
    return `${file} is not an On Record archive (its migrations ${applied.map((m) => m.version).join(', ')} skip one)`;
  }
  // Its schema must be exactly what our migrations make at its version: no trigger, view, table or
  // index added (a trigger could rewrite words as curators save them), none missing or altered.
  const version = applied.at(-1)?.version ?? 0;
  const differences = compareSchema(check.listSchema(), expectedSchema(version));
  if (differences.length > 0) {
    const shown = differences.slice(0, 5).join(', ') + (differences.length > 5 ? ` and ${differences.length - 5} more` : '');
    return `${file} does not have the schema On Record's migrations create at its version (${version}): it has ${shown}`;
  }
  const orphans = check.checkForeignKeys();
  if (orphans.length > 0) {
    const shown = orphans.map((o) => `${o.rows} row${o.rows === 1 ? '' : 's'} in ${o.table} naming a missing row in ${o.parent}`);
    return `${file} failed SQLite's foreign key check (${shown.join(', ')})`;
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
  // A restore killed part-way (power cut, SIGKILL) left its copy behind: this run removes it.
  const removedLeftovers = removeLeftoverCopies(databasePath, 'restore');
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
    let checked: Omit<RestoreResult, 'previous' | 'removedLeftovers'>;
    try {
      // Until it has passed the checks, nothing in its schema may run a function with side effects.
      db.pragma('trusted_schema = OFF');
      const problem = checkArchive(db, from);
      if (problem) throw new BackupError(`restore refused, nothing was changed: ${problem}`);
      const migrated = migrateDatabase(db);
      const prepare = createBackupRepository(db);
      prepare.forgetIndexSettings();
      prepare.deleteSessions();
      prepare.useRollbackJournal();
      checked = { statements: prepare.countStatements(), migrated };
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
    const previous = keepLiveArchive(databasePath);
    renameSync(incoming, databasePath);
    syncDirectory(dirname(databasePath));
    if (previous) notePreviousArchive(databasePath, previous);
    return { ...checked, previous, removedLeftovers };
  } finally {
    removeDatabaseFiles(incoming);
  }
}

/** Where restore notes the archives it replaced, until the app has started once on the restored one. */
const previousListOf = (databasePath: string) => join(dirname(databasePath), `.${basename(databasePath)}.previous.json`);

function readPreviousList(databasePath: string): string[] {
  try {
    const list: unknown = JSON.parse(readFileSync(previousListOf(databasePath), 'utf8'));
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

function notePreviousArchive(databasePath: string, previous: string): void {
  const list = [...readPreviousList(databasePath), previous];
  const temp = temporaryBeside(previousListOf(databasePath), 'partial');
  writeFileSync(temp, JSON.stringify(list) + '\n');
  renameSync(temp, previousListOf(databasePath));
  syncDirectory(dirname(databasePath));
}

/**
 * Keeps the live archive under a second name (a hard link: the archive's own name is then
 * replaced in one atomic rename, so there is never a moment without one), its write-ahead log
 * folded in first; removes its -wal and -shm, which SQLite would otherwise read as the restored
 * file's. Returns the name it is kept under, or null when there was no archive.
 */
function keepLiveArchive(databasePath: string): string | null {
  if (!existsSync(databasePath)) {
    rmSync(`${databasePath}-wal`, { force: true });
    rmSync(`${databasePath}-shm`, { force: true });
    return null;
  }
  let folded = false;
  try {
    const live = new Database(databasePath, { fileMustExist: true });
    try {
      const [result] = live.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
      folded = result?.busy === 0;
    } finally {
      live.close();
    }
  } catch {
    // A damaged archive: kept as it is, its log beside it.
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const previous = join(dirname(databasePath), `${basename(databasePath)}.before-restore-${stamp}`);
  try {
    linkSync(databasePath, previous);
  } catch {
    copyFileSync(databasePath, previous); // a file system without hard links
  }
  if (!folded && existsSync(`${databasePath}-wal`)) copyFileSync(`${databasePath}-wal`, `${previous}-wal`);
  rmSync(`${databasePath}-wal`, { force: true });
  rmSync(`${databasePath}-shm`, { force: true });
  return previous;
}

/**
 * Once the app has started on a restored archive (opened, migrated, index ready): removes the
 * archives that restores kept, and copies a killed restore left behind. Returns what it removed.
 */
export function settleRestoredArchive(databasePath: string): { previous: string[]; leftovers: string[] } {
  // Only files restore itself named: a list edited by hand cannot make this remove anything else.
  const previous = readPreviousList(databasePath).filter(
    (path) => dirname(path) === dirname(databasePath) && basename(path).startsWith(`${basename(databasePath)}.before-restore-`),
  );
  for (const path of previous) removeDatabaseFiles(path);
  rmSync(previousListOf(databasePath), { force: true });
  return { previous, leftovers: removeLeftoverCopies(databasePath, 'restore') };
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
