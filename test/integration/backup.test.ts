import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../data/paths.js';
import { openStore } from '../../data/store.js';
import { createMeiliClient } from '../../indexer/meili-client.js';
import { readAllRows } from '../support/archive-content.js';
import { exitOf, runCli, startApp, waitUntilCaughtUp, type AppProcess } from '../support/app-process.js';
import { indexedIds, statementRecord } from '../support/test-context.js';
import { listMigrations } from '../../data/db.js';

// The schema this code migrates to: tests follow new migrations without edits.
const LATEST_SCHEMA = listMigrations().at(-1)?.version;

/**
 * `onrecord backup` and `onrecord restore` as a person runs them: real processes on a real
 * archive, a real writer in another process, the real app, and the run's real Meilisearch.
 */

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

// State the restore resets on purpose (sign-ins, the index's bookkeeping); everything else must come back.
const NOT_RESTORED = ['sessions', 'index_outbox', 'archive_meta'];

describe('onrecord backup and restore', () => {
  let dataDir: string;
  let work: string;
  const indexUid = `backup_${Date.now().toString(36)}`;
  const env = () => ({
    PATH: process.env.PATH ?? '',
    DATA_DIR: dataDir,
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX: indexUid,
  });
  const archivePath = () => join(dataDir, 'archive.db');
  /** Runs the command without blocking this process, so a child app's output keeps draining. */
  const run = async (...args: string[]): Promise<CliResult> => {
    const { child } = runCli(args, env());
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close', not 'exit': every byte of both streams has arrived.
    const [status] = (await once(child, 'close')) as [number | null];
    return { status, stdout, stderr };
  };
  const withStore = <T>(fn: (store: ReturnType<typeof openStore>) => T): T => {
    const store = openStore(archivePath());
    try {
      return fn(store);
    } finally {
      store.close();
    }
  };
  const publishedIds = () =>
    withStore(
      (store) => store.db.prepare(`SELECT id FROM statements WHERE status = 'published' ORDER BY id`).pluck().all() as string[],
    );
  const target = () => ({ client: createMeiliClient({ url: inject('meiliUrl'), apiKey: inject('meiliKey') }), indexUid });
  const oneLine = (result: CliResult) =>
    result.stderr
      .trim()
      .split('\n')
      .filter((line) => !/^(rebuild|import)\b/.test(line));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onrecord-backup-'));
    work = mkdtempSync(join(tmpdir(), 'onrecord-backup-files-'));
    const seeded = await run('seed');
    expect(seeded.status, seeded.stderr).toBe(0);
    // A correction and a retraction: curators' work that a restore must bring back.
    withStore((store) =>
      store.transaction(() => {
        store.statements.addCorrection('rose-resolution-shortsighted', '2024-06-01', 'The speaker’s title was corrected.');
        store.statements.retract('collis-training', 'Misattributed in the source.', '2024-06-02');
      }),
    );
    const rebuilt = await run('index', 'rebuild');
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await fetch(`${inject('meiliUrl')}/indexes/${indexUid}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${inject('meiliKey')}` },
    });
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('writes a consistent copy while another process keeps writing, and never overwrites a file unasked', async () => {
    // The writer commits 10 statements per transaction until stopped; a consistent copy holds
    // whole transactions only, and every one committed before the copy began. Its commits stay in
    // the write-ahead log (no checkpoints), where a plain copy of the database file would miss them.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1]);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('wal_autocheckpoint = 0');
      db.prepare("INSERT OR IGNORE INTO people (id, name, sort_name) VALUES ('writer', 'Writer', 'Writer')").run();
      const insert = db.prepare("INSERT INTO statements (id, text, kind, speaker_person_id) VALUES (?, ?, 'quote', 'writer')");
      const commit = db.transaction((n) => { for (let i = 0; i < 10; i++) insert.run('w-' + n + '-' + i, 'Batch ' + n + ' line ' + i + ' ' + 'x'.repeat(100)); });
      const pause = new Int32Array(new SharedArrayBuffer(4));
      for (let n = 0; n < 5000; n++) {
        commit(n);
        if (n === 100) process.stdout.write('ready\\n');
        Atomics.wait(pause, 0, 0, 3);
      }
    `,
        archivePath(),
      ],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        writer.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        writer.on('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
      });
      const file = join(work, 'during-writes.db');
      const writtenBefore = withStore(
        (store) => store.db.prepare(`SELECT count(*) FROM statements WHERE id LIKE 'w-%'`).pluck().get() as number,
      );
      const backup = await run('backup', file);
      expect(backup.status, backup.stderr).toBe(0);
      const written = withStore(
        (store) => store.db.prepare(`SELECT count(*) FROM statements WHERE id LIKE 'w-%'`).pluck().get() as number,
      );

      const copy = new Database(file, { readonly: true, fileMustExist: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.pragma('foreign_key_check')).toEqual([]);
        expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
        const batches = copy
          .prepare(
            `
          SELECT CAST(substr(id, 3, instr(substr(id, 3), '-') - 1) AS INTEGER) AS batch, count(*) AS n
            FROM statements WHERE id LIKE 'w-%' GROUP BY batch ORDER BY batch`,
          )
          .all() as { batch: number; n: number }[];
        expect(batches.length).toBeGreaterThan(100);
        expect(batches.filter((b) => b.n !== 10)).toEqual([]);
        expect(batches.map((b) => b.batch)).toEqual(batches.map((_, i) => i));
        // Including what still sat in the write-ahead log (a plain copy of the file would miss it).
        expect(batches.length * 10).toBeGreaterThanOrEqual(writtenBefore);
        const total = copy.prepare('SELECT count(*) FROM statements').pluck().get() as number;
        expect(backup.stdout).toMatch(
          new RegExp(
            `^backup written: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\([\\d,]+ bytes, ${total} statements\\)\\n$`,
          ),
        );
        expect(backup.stdout).toContain(`${statSync(file).size.toLocaleString('en-US')} bytes`);
        // The writer went on after the copy was taken: the copy is a snapshot, not the end state.
        expect(written).toBeGreaterThan(batches.length * 10);
      } finally {
        copy.close();
      }
      expect(existsSync(`${file}-wal`)).toBe(false);

      const again = await run('backup', file);
      expect(again.status).toBe(1);
      expect(oneLine(again)).toEqual([`onrecord: ${file} already exists; pass --force to overwrite it`]);
      const forced = await run('backup', '--force', file);
      expect(forced.status, forced.stderr).toBe(0);
    } finally {
      writer.kill('SIGTERM');
      await exitOf(writer);
    }
    withStore((store) => store.db.prepare(`DELETE FROM statements WHERE id LIKE 'w-%'`).run());
  }, 60_000);

  it('restores a backup after changes, to the same rows, and the index follows the restored archive', async () => {
    const file = join(work, 'round-trip.db');
    const backup = await run('backup', file);
    expect(backup.status, backup.stderr).toBe(0);
    const before = readAllRows(archivePath(), NOT_RESTORED);
    const publishedBefore = publishedIds();

    // Change the archive after the backup: a new statement, one deleted, a person renamed; the index follows them.
    const extra = join(work, 'extra.ndjson');
    writeFileSync(
      extra,
      JSON.stringify(statementRecord({ id: 'after-backup', text: 'Added after the backup was taken.' })) + '\n',
    );
    expect((await run('import', extra)).status).toBe(0);
    withStore((store) =>
      store.transaction(() => {
        store.db.prepare(`DELETE FROM statements WHERE id = 'vu-cops-do-not-belong'`).run();
        store.statements.enqueueForIndex('vu-cops-do-not-belong');
        store.people.upsert({ id: 'lange-luntao', name: 'Someone Else', sort_name: 'Else, Someone' });
        store.outbox.enqueueStatementsOf('person', 'lange-luntao');
      }),
    );
    expect((await run('index', 'sync')).status).toBe(0);
    const changedIds = await indexedIds(target());
    expect(changedIds).toContain('after-backup');
    expect(changedIds).not.toContain('vu-cops-do-not-belong');
    const renamed = () =>
      target()
        .client.index(indexUid)
        .search('"Someone Else"')
        .then((r) => r.hits.length);
    expect(await renamed()).toBeGreaterThan(0);
    expect(readAllRows(archivePath(), NOT_RESTORED)).not.toEqual(before);

    const restored = await run('restore', file);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`archive restored from ${file}: ${(before.statements as unknown[]).length} statements`);
    expect(restored.stdout).toContain(`index rebuilt: ${publishedBefore.length} statements`);
    expect(existsSync(`${archivePath()}-wal`)).toBe(false);

    // Identical rows in every table (timestamps and row ids included), and the index holds exactly the published ones.
    expect(readAllRows(archivePath(), NOT_RESTORED)).toEqual(before);
    expect(await indexedIds(target())).toEqual(publishedBefore);
    expect(await renamed()).toBe(0);
    const status = await run('index', 'status');
    expect(JSON.parse(status.stdout)).toMatchObject({
      state: 'current',
      statements: publishedBefore.length,
      indexed: publishedBefore.length,
      pending: 0,
    });
  }, 90_000);

  it('refuses a file that is not an On Record archive, or one from a newer version, changing nothing', async () => {
    const before = readAllRows(archivePath());
    const text = join(work, 'notes.txt');
    writeFileSync(text, 'These are not the statements you are looking for.\n');
    const foreign = join(work, 'foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT); CREATE TABLE things (id TEXT)');
    other.close();
    const newer = join(work, 'newer.db');
    copyFileSync(join(work, 'round-trip.db'), newer);
    const future = new Database(newer);
    future.prepare(`INSERT INTO schema_migrations (version, name) VALUES (99, '0099_from_the_future.sql')`).run();
    future.close();

    const cases: [string, string][] = [
      [text, `${text} is not an On Record archive (not a SQLite database)`],
      [
        foreign,
        `${foreign} is not an On Record archive (it has no people, organizations, statements, sources, archive_meta tables)`,
      ],
      [
        newer,
        `${newer} was made by a newer On Record (schema version 99; this one knows up to ${LATEST_SCHEMA}): upgrade On Record first`,
      ],
      [join(work, 'missing.db'), `${join(work, 'missing.db')} does not exist`],
    ];
    for (const [file, reason] of cases) {
      const refused = await run('restore', file);
      expect(refused.status).toBe(1);
      expect(oneLine(refused)).toEqual([
        `onrecord: ${reason.endsWith('does not exist') ? '' : 'restore refused, nothing was changed: '}${reason}`,
      ]);
    }
    expect(readAllRows(archivePath())).toEqual(before);
    expect(existsSync(`${archivePath()}-wal`)).toBe(false);
  }, 60_000);

  it('refuses to restore while the app is running on the data directory', async () => {
    let app: AppProcess | undefined;
    try {
      app = startApp({ ...env(), HOST: '127.0.0.1' });
      await waitUntilCaughtUp(app);
      const refused = await run('restore', join(work, 'round-trip.db'));
      expect(refused.status).toBe(1);
      expect(oneLine(refused)).toEqual([
        `onrecord: restore refused, nothing was changed: the archive ${archivePath()} is open in process ${app.child.pid} (the running app, or another onrecord command); stop it first`,
      ]);
    } finally {
      app?.child.kill('SIGTERM');
      if (app) await exitOf(app.child);
    }
    // Once it has stopped, the same restore goes ahead.
    const restored = await run('restore', join(work, 'round-trip.db'));
    expect(restored.status, restored.stderr).toBe(0);
  }, 90_000);
});
