import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBackupRepository } from '../../data/backup.repository.js';
import { BackupError, compareSchema, expectedSchema, restoreArchive } from '../../data/backup.sqlite.js';
import { listMigrations } from '../../data/db.js';
import { readAllRows } from '../support/archive-content.js';
import { exitOf, runCli, startApp, waitFor, waitUntilCaughtUp, type AppProcess } from '../support/app-process.js';

/**
 * `onrecord restore` trusts nothing in the file: its schema must be exactly what our migrations
 * create at its version (a crafted trigger, view or altered table is refused), its references
 * must hold, the archive it replaces is kept until the app has started on the restored one, and
 * a restore killed part-way leaves nothing behind once the next one has run.
 */

// The schema this code migrates to: the test follows new migrations without edits.
const LATEST = listMigrations().at(-1)?.version ?? 0;

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('restore checks the file before it replaces anything', () => {
  let dataDir: string;
  let work: string;
  const indexUid = `restore_${Date.now().toString(36)}`;
  const env = () => ({
    DATA_DIR: dataDir,
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX: indexUid,
  });
  const archive = () => join(dataDir, 'archive.db');
  const good = () => join(work, 'good.db');
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
  const leftovers = () => readdirSync(dataDir).filter((name) => name.startsWith('.archive.db.restore-'));
  const keptArchives = () => readdirSync(dataDir).filter((name) => name.startsWith('archive.db.before-restore-'));
  const run = async (...args: string[]): Promise<CliResult> => {
    const { child } = runCli(args, env());
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [status] = (await once(child, 'close')) as [number | null];
    return { status, stdout, stderr };
  };
  /** A copy of the good backup, changed by `sql` as someone crafting a file would. */
  const crafted = (name: string, sql: string) => {
    const path = join(work, name);
    copyFileSync(good(), path);
    const db = new Database(path);
    try {
      db.pragma('foreign_keys = OFF');
      db.exec(sql);
    } finally {
      db.close();
    }
    return path;
  };
  const refusal = (path: string): string => {
    try {
      restoreArchive(archive(), path);
    } catch (error) {
      expect(error).toBeInstanceOf(BackupError);
      return (error as Error).message;
    }
    throw new Error(`${path} was restored`);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onrecord-restore-'));
    work = mkdtempSync(join(tmpdir(), 'onrecord-restore-files-'));
    const seeded = await run('seed');
    expect(seeded.status, seeded.stderr).toBe(0);
    const backup = await run('backup', good());
    expect(backup.status, backup.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await fetch(`${inject('meiliUrl')}/indexes/${indexUid}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${inject('meiliKey')}` },
    });
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses a backup with added triggers (the command exits 1 with one line) and leaves the archive as it was', async () => {
    const before = sha(archive());
    const rows = readAllRows(archive());
    const file = crafted(
      'triggers.db',
      `CREATE TRIGGER statements_rewrite AFTER UPDATE ON statements BEGIN
         UPDATE statements SET text = 'altered words' WHERE id = NEW.id;
       END;
       CREATE TRIGGER revisions_drop AFTER INSERT ON revisions BEGIN DELETE FROM revisions WHERE id = NEW.id; END;`,
    );
    const refused = await run('restore', file);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([
      `onrecord: restore refused, nothing was changed: ${file} does not have the schema On Record's migrations create at its version (${LATEST}): ` +
        'it has an extra trigger revisions_drop (on revisions), an extra trigger statements_rewrite (on statements)',
    ]);
    expect(sha(archive())).toBe(before);
    expect(readAllRows(archive())).toEqual(rows);
    expect(leftovers()).toEqual([]);
    expect(keptArchives()).toEqual([]);
  }, 60_000);

  it('refuses a file with the right table names but a wrong schema, so the app is never left unable to start', async () => {
    const before = sha(archive());
    const file = crafted(
      'wrong-schema.db',
      `DROP TABLE memberships;
       CREATE TABLE memberships (id INTEGER PRIMARY KEY, person_id TEXT);`,
    );
    const refused = await run('restore', file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('it has an altered table memberships');
    expect(sha(archive())).toBe(before);

    // The same check, without a process per file: a view, a missing index, an altered trigger-free column.
    expect(refusal(crafted('view.db', 'CREATE VIEW everything AS SELECT * FROM statements;'))).toContain(
      'it has an extra view everything (on everything)',
    );
    expect(refusal(crafted('no-index.db', 'DROP INDEX statements_measure;'))).toContain(
      'it has no index statements_measure (on statements)',
    );
    expect(refusal(crafted('extra-table.db', 'CREATE TABLE notes (body TEXT);'))).toContain('it has an extra table notes');
    // Comments and layout are not the schema; a changed word in a string literal is.
    const layout = crafted(
      'older-layout.db',
      `CREATE TABLE topics_copy AS SELECT * FROM topics;
       DROP TABLE topics;
       CREATE TABLE topics (slug   TEXT PRIMARY KEY,   -- laid out differently
                            label  TEXT NOT NULL,
         description TEXT /* and commented */ );
       INSERT INTO topics SELECT * FROM topics_copy;
       DROP TABLE topics_copy;`,
    );
    const schemaOf = (path: string) => {
      const db = new Database(path, { readonly: true });
      try {
        return createBackupRepository(db).listSchema();
      } finally {
        db.close();
      }
    };
    expect(schemaOf(layout).find((o) => o.name === 'topics')?.sql).toContain('-- laid out differently');
    expect(compareSchema(schemaOf(layout), expectedSchema(LATEST))).toEqual([]);
    // One more word allowed in a CHECK: a revision that could say "purge".
    const literal = crafted(
      'changed-check.db',
      `DROP TABLE revisions;
       CREATE TABLE revisions (
         id          INTEGER PRIMARY KEY,
         entity_type TEXT NOT NULL,
         entity_id   TEXT NOT NULL,
         action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'correct', 'retract', 'import', 'purge')),
         user_name   TEXT,
         before_json TEXT,
         after_json  TEXT,
         created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
       );
       CREATE INDEX revisions_entity ON revisions(entity_type, entity_id, id);`,
    );
    expect(compareSchema(schemaOf(literal), expectedSchema(LATEST))).toEqual(['an altered table revisions']);
    expect(sha(archive())).toBe(before);
    expect(leftovers()).toEqual([]);
  }, 60_000);

  it('refuses a file whose statements name people who are not in it (foreign_key_check)', () => {
    const before = sha(archive());
    const file = crafted('orphans.db', `DELETE FROM people WHERE id = 'lange-luntao';`);
    expect(refusal(file)).toBe(
      `restore refused, nothing was changed: ${file} failed SQLite's foreign key check ` +
        '(3 rows in statements naming a missing row in people, 1 row in memberships naming a missing row in people)',
    );
    expect(sha(archive())).toBe(before);
  });

  it('cleans up after a restore killed mid-way (SIGKILL), keeps the replaced archive until the app has started on the restored one', async () => {
    const before = sha(archive());
    // A backup big enough (about 50 MB) that copying and checking it takes a while.
    const big = crafted(
      'big.db',
      Array.from(
        { length: 25 },
        (_, i) =>
          `INSERT INTO sources (id, type, title, text) VALUES ('filler-${i}', 'minutes', 'Filler ${i}', hex(zeroblob(1000000)));`,
      ).join('\n'),
    );
    expect(statSync(big).size).toBeGreaterThan(45_000_000);

    const { child } = runCli(['restore', big], env());
    // Killed once its copy is whole, while it checks the copy: the moment that left 54 MB behind each time.
    const copied = () => {
      const names = leftovers();
      const whole = names.some((name) => {
        try {
          return statSync(join(dataDir, name)).size >= statSync(big).size;
        } catch {
          return false;
        }
      });
      return whole ? names : undefined;
    };
    const seen = await waitFor('the restore to copy the file', copied, 60_000, 2);
    child.kill('SIGKILL');
    expect(await exitOf(child)).toEqual({ code: null, signal: 'SIGKILL' });
    const left = leftovers();
    // The whole copy (about 50 MB) is there, as the issue saw after every killed restore.
    expect(left.some((name) => statSync(join(dataDir, name)).size >= statSync(big).size)).toBe(true);
    expect(left.length).toBeGreaterThan(0);
    expect(left).toEqual(expect.arrayContaining(seen.filter((name) => !name.endsWith('-journal'))));
    expect(sha(archive())).toBe(before);

    // The next run removes what the killed one left, then restores.
    const restored = await run('restore', good());
    expect(restored.status, restored.stderr).toBe(0);
    for (const name of left)
      expect(restored.stdout).toContain(`removed ${join(dataDir, name)}, left by a restore that was interrupted`);
    expect(leftovers()).toEqual([]);
    const kept = keptArchives();
    expect(kept).toHaveLength(1);
    expect(restored.stdout).toContain(`the archive it replaced is kept as ${join(dataDir, kept[0] as string)}`);
    expect(sha(join(dataDir, kept[0] as string))).toBe(before);

    // Once the app has started on the restored archive, the kept one goes.
    let app: AppProcess | undefined;
    try {
      app = startApp({ ...env(), HOST: '127.0.0.1' });
      await waitUntilCaughtUp(app, 60_000);
      await app.waitForOutput(/restored archive started; the archive it replaced was removed/);
      expect(keptArchives()).toEqual([]);
      expect(existsSync(join(dataDir, '.archive.db.previous.json'))).toBe(false);
    } finally {
      app?.child.kill('SIGTERM');
      if (app) await exitOf(app.child);
    }
  }, 180_000);
});
