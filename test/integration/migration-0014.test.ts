import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../../data/db.js';
import { createJobRepository } from '../../data/job.repository.js';

// Migration 0014 on an archive written before it (a real SQLite file in a temp dir): the jobs
// table takes ingest jobs, and the import jobs already recorded are kept as they were.

describe('migration 0014', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onrecord-0014-'));
  let db: Db;
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps recorded import jobs and accepts ingest jobs, still refusing an unknown kind', () => {
    db = openDatabase(join(dir, 'archive.db'), { migrate: false });
    migrateDatabase(db, { upTo: 13 });
    const jobs = createJobRepository(db);
    jobs.create({ id: 'old-import', kind: 'import', label: 'rows.csv', createdBy: 'maria', dryRun: true, ownerPid: 1 });
    jobs.finish('old-import', 'done', { result: { summary: { rows: 3 } } });
    expect(() =>
      jobs.create({ id: 'too-early', kind: 'ingest', label: 'x', createdBy: 'maria', dryRun: false, ownerPid: 1 }),
    ).toThrow(/CHECK constraint failed/);

    expect(migrateDatabase(db).map((m) => m.version)).toContain(14);

    expect(jobs.findById('old-import')).toMatchObject({
      kind: 'import',
      status: 'done',
      label: 'rows.csv',
      dryRun: true,
      result: { summary: { rows: 3 } },
    });
    jobs.create({ id: 'new-ingest', kind: 'ingest', label: 'Hearing', createdBy: 'maria', dryRun: false, ownerPid: 1 });
    expect(jobs.listRunning().map((j) => [j.id, j.kind])).toEqual([['new-ingest', 'ingest']]);
    expect(() =>
      db.prepare(`INSERT INTO jobs (id, kind, label, created_by, owner_pid) VALUES ('x', 'export', 'x', 'm', 1)`).run(),
    ).toThrow(/CHECK constraint failed/);
  });
});
