import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../data/store.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

/**
 * The version check behind every edit form, on two real connections to one SQLite file (as the
 * app and a command line are): the check is the UPDATE that takes the write lock, so no other
 * writer can slip in between a save's check and its write, and every kind of write raises it.
 */
describe('edit versions', () => {
  let ctx: TestContext;
  let other: Store;

  beforeAll(() => {
    ctx = createTestContext();
    createImportService(ctx.store).run({
      statements: [
        { row: 1, value: statementRecord({ id: 'versioned', speaker: { id: 'jordan-avery', name: 'Jordan Avery' } }) },
      ],
      provenance: { via: 'imported', by: 'fixture.ndjson' },
    });
    other = openStore(join(ctx.dir, 'archive.db'));
    other.db.pragma('busy_timeout = 0');
  });
  afterAll(async () => {
    other.close();
    await ctx.cleanup();
  });

  it('holds the row from the check to the commit: another connection can neither check nor write meanwhile', () => {
    const v1 = ctx.store.versions.current('statement', 'versioned') as number;
    const begin = ctx.store.db.prepare('BEGIN');
    const commit = ctx.store.db.prepare('COMMIT');
    begin.run();
    expect(ctx.store.versions.claim('statement', 'versioned', v1)).toBe(true);
    // The other connection's save, loaded from the same version, cannot get in while this one is open.
    expect(() => other.versions.claim('statement', 'versioned', v1)).toThrow(/database is locked/);
    // This save's write: a correction note (raises the statement's version once).
    ctx.store.statements.addCorrection('versioned', '2024-01-01', 'The date was corrected.');
    commit.run();
    // Once committed, its check against the version it loaded fails: the row has moved on.
    expect(other.versions.claim('statement', 'versioned', v1)).toBe(false);
    expect(other.versions.current('statement', 'versioned')).toBe(v1 + 1);
  });

  it('raises the version on every write that changes a row, and never on one that changes nothing', () => {
    const people = () => ctx.store.versions.current('person', 'priya') as number;
    ctx.store.people.upsert({ id: 'priya', name: 'Priya Natarajan', sort_name: 'Natarajan, Priya' });
    const created = people();
    ctx.store.people.upsert({ id: 'priya', name: 'Priya Natarajan', sort_name: 'Natarajan, Priya' });
    expect(people()).toBe(created);
    ctx.store.people.upsert({ id: 'priya', name: 'Priya Natarajan-Lee', sort_name: 'Natarajan-Lee, Priya' });
    expect(people()).toBe(created + 1);

    const id = ctx.store.memberships.insert({
      person_id: 'priya',
      organization_id: null,
      role: 'teacher',
      role_category: null,
      start_date: null,
      end_date: null,
    });
    const membership = () => ctx.store.versions.current('membership', String(id)) as number;
    const v = membership();
    const row = {
      person_id: 'priya',
      organization_id: null,
      role: 'teacher',
      role_category: null,
      start_date: null,
      end_date: null,
    };
    ctx.store.memberships.update(id, row);
    expect(membership()).toBe(v);
    ctx.store.memberships.update(id, { ...row, start_date: '2023' });
    expect(membership()).toBe(v + 1);
    expect(ctx.store.versions.current('membership', 'not-a-number')).toBeUndefined();

    // A statement whose only change is its topics is a new version too.
    const db = new Database(join(ctx.dir, 'archive.db'));
    try {
      const before = db.prepare(`SELECT version FROM statements WHERE id = 'versioned'`).pluck().get() as number;
      createImportService(ctx.store).run({
        statements: [
          {
            row: 1,
            value: statementRecord({
              id: 'versioned',
              speaker: { id: 'jordan-avery', name: 'Jordan Avery' },
              topics: ['mental-health', 'budget'],
            }),
          },
        ],
      });
      expect(db.prepare(`SELECT version FROM statements WHERE id = 'versioned'`).pluck().get()).toBe(before + 1);
    } finally {
      db.close();
    }
  });
});
