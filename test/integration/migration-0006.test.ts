import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listMigrations, migrateDatabase, openDatabase, type Db } from '../../data/db.js';
import { migrationsDir } from '../../data/paths.js';

// Migration 0006 on an archive written before it: the verbatim status is filled in from what was
// stored, and control characters in legacy rows are cleaned (a real SQLite file in a temp dir).

describe('migration 0006', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onrecord-0006-'));
  let db: Db;
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills verbatim_status from the stored archive and cleans control characters from legacy rows', () => {
    db = openDatabase(join(dir, 'archive.db'), { migrate: false });
    db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT)`);
    for (const migration of listMigrations().filter((m) => m.version < 6)) {
      db.exec(readFileSync(join(migrationsDir, migration.name), 'utf8'));
      db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(migration.version, migration.name);
    }
    db.exec(`
      INSERT INTO people (id, name, sort_name) VALUES ('ann', 'Ann' || char(7) || ' Lee', 'Lee, Ann');
      INSERT INTO sources (id, type, title, text) VALUES ('kept', 'news_article', 'Kept' || char(27) || '[0m', 'Ann Lee said: we need counselors.');
      INSERT INTO sources (id, type, title) VALUES ('none', 'news_article', 'Not kept');
      INSERT INTO statements (id, text, kind, speaker_person_id, verified, context)
        VALUES ('found', 'we need counselors', 'quote', 'ann', 1, 'tab	and' || char(10) || 'newline stay'),
               ('missing', 'we need ninety' || char(65534) || ' counselors' || char(133), 'quote', 'ann', 0, NULL),
               ('unchecked', 'words', 'quote', 'ann', 0, NULL),
               ('no-source', 'words' || char(12), 'quote', 'ann', 0, NULL);
      INSERT INTO statement_sources (statement_id, source_id, ordinal) VALUES ('found', 'kept', 0), ('missing', 'kept', 0), ('unchecked', 'none', 0);
      INSERT INTO corrections (statement_id, corrected_on, note) VALUES ('found', '2024-01-01', 'Fixed' || char(8));
    `);
    expect(migrateDatabase(db).map((m) => m.version)).toContain(6);

    const statuses = db.prepare('SELECT id, verbatim_status FROM statements ORDER BY id').all();
    expect(statuses).toEqual([
      { id: 'found', verbatim_status: 'found' },
      { id: 'missing', verbatim_status: 'not_found' },
      { id: 'no-source', verbatim_status: 'no_source_text' },
      { id: 'unchecked', verbatim_status: 'no_source_text' },
    ]);
    const text = (sql: string) => db.prepare(sql).pluck().get() as string;
    expect(text(`SELECT name FROM people WHERE id = 'ann'`)).toBe('Ann Lee');
    expect(text(`SELECT title FROM sources WHERE id = 'kept'`)).toBe('Kept[0m');
    expect(text(`SELECT text FROM statements WHERE id = 'missing'`)).toBe('we need ninety counselors');
    expect(text(`SELECT text FROM statements WHERE id = 'no-source'`)).toBe('words');
    expect(text(`SELECT context FROM statements WHERE id = 'found'`)).toBe('tab\tand\nnewline stay');
    expect(text(`SELECT note FROM corrections`)).toBe('Fixed');
    expect(db.prepare('SELECT old_text, new_text FROM corrections').get()).toEqual({ old_text: null, new_text: null });
  });
});
