import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportError } from '../../data/import/import.errors.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { migrateDatabase } from '../../data/db.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

const rows = (...values: unknown[]) => values.map((value, i) => ({ row: i + 1, value }));

describe('store', () => {
  let ctx: TestContext;
  beforeEach(() => {
    ctx = createTestContext();
  });
  afterEach(async () => {
    await ctx.cleanup();
  });

  it('migrates the whole domain model into separate tables, with WAL and foreign keys on', () => {
    const tables = ctx.store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'people',
        'organizations',
        'memberships',
        'meetings',
        'measures',
        'sources',
        'statements',
        'statement_sources',
        'statement_topics',
        'topics',
        'corrections',
        'index_outbox',
        'schema_migrations',
      ]),
    );
    expect(ctx.store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ctx.store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(migrateDatabase(ctx.store.db)).toEqual([]);
  });

  it('round-trips a statement with its speaker, measure, meeting, source, position and topics', () => {
    const sourceText = 'At the meeting, Avery spoke. “We need more counselors in our schools, not more police,” Avery said.';
    createImportService(ctx.store).run({
      statements: rows(
        statementRecord({
          id: 'avery-counselors',
          meeting: { id: 'test-meeting', title: 'Test board meeting', date: '2024-03-05', body: { id: 'test-district' } },
          source: {
            id: 'test-source',
            type: 'news_article',
            title: 'Parents speak',
            outlet: 'Test Gazette',
            text: sourceText,
            published_on: '2024-03-06',
          },
          topics: ['mental-health', 'budget'],
          context: 'During public comment.',
        }),
      ),
    });
    const statement = ctx.store.statements.findById('avery-counselors');
    expect(statement).toMatchObject({
      id: 'avery-counselors',
      text: 'We need more counselors in our schools, not more police.',
      kind: 'quote',
      stance: 'support',
      speaker: { id: 'jordan-avery', name: 'Jordan Avery', role: 'parent', role_category: 'parent', type: 'person' },
      measure: { id: 'test-measure', title: 'Test district resolution to end the SRO contract' },
      meeting: {
        id: 'test-meeting',
        date: '2024-03-05',
        date_precision: 'day',
        body: { id: 'test-district', name: 'Test Unified School District' },
      },
      said_on: null,
      said_on_precision: 'unknown',
      source: { id: 'test-source', outlet: 'Test Gazette', published_on: '2024-03-06' },
      topics: ['budget', 'mental-health'],
      context: 'During public comment.',
      state: 'CA',
    });
    // The stored text differs only in typography (curly quotes, a comma): still verbatim, and located.
    expect(statement?.verified).toBe(false);
    const exact = 'We need more counselors in our schools, not more police';
    createImportService(ctx.store).run({
      statements: rows(statementRecord({ id: 'avery-exact', text: exact, source: { id: 'test-source' } })),
    });
    const located = ctx.store.statements.findById('avery-exact');
    expect(located?.verified).toBe(true);
    const { char_start, char_end } = located?.position ?? {};
    expect(sourceText.slice(char_start as number, char_end as number)).toBe(exact);
  });

  it('refuses a whole import when one row is bad, naming the row and the field, and writes nothing', () => {
    const attempt = () =>
      createImportService(ctx.store).run({
        statements: rows(
          statementRecord({ id: 'ok-1' }),
          statementRecord({ id: 'ok-2' }),
          statementRecord({ id: 'bad-3', stance: 'maybe' }),
        ),
      });
    expect(attempt).toThrow(ImportError);
    expect(attempt).toThrow('row 3, stance: expected one of support, oppose, mixed, neutral, unclear');
    expect(ctx.store.statements.countPublished()).toBe(0);
    expect(ctx.store.outbox.countPending()).toBe(0);
  });

  it('refuses unknown references and duplicate ids inside one file', () => {
    expect(() =>
      createImportService(ctx.store).run({ statements: rows(statementRecord({ measure: { id: 'no-such-measure' } })) }),
    ).toThrow('row 1, measure.id: unknown measure "no-such-measure"');
    expect(() => createImportService(ctx.store).run({ statements: rows(statementRecord({ topics: ['astrology'] })) })).toThrow(
      'row 1, topics: unknown topic "astrology"',
    );
    expect(() =>
      createImportService(ctx.store).run({
        statements: rows(statementRecord({ id: 'same' }), statementRecord({ id: 'same', text: 'Other words.' })),
      }),
    ).toThrow('row 2, id: duplicate id "same" (also on row 1)');
    expect(ctx.store.statements.countPublished()).toBe(0);
  });

  it('changes nothing and enqueues nothing when the same file is imported again', () => {
    const input = { statements: rows(statementRecord({ id: 'a' }), statementRecord({ id: 'b', text: 'Second statement.' })) };
    expect(createImportService(ctx.store).run(input).statements).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const pending = ctx.store.outbox.countPending();
    const before = ctx.store.statements.findById('a');
    expect(createImportService(ctx.store).run(input).statements).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(ctx.store.outbox.countPending()).toBe(pending);
    expect(ctx.store.statements.findById('a')).toEqual(before);
  });

  it('does not erase a stored fact when a later record mentions the entity without it', () => {
    createImportService(ctx.store).run({ statements: rows(statementRecord({ id: 'a' })) });
    createImportService(ctx.store).run({
      statements: rows(
        statementRecord({ id: 'b', measure: { id: 'test-measure', title: 'Test district resolution to end the SRO contract' } }),
      ),
    });
    expect(ctx.store.statements.findById('b')?.state).toBe('CA');
  });

  it('writes nothing on a dry run', () => {
    const summary = createImportService(ctx.store).run({ statements: rows(statementRecord({ id: 'dry' })) }, { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, statements: { created: 1 } });
    expect(ctx.store.statements.findById('dry')).toBeUndefined();
    expect(ctx.store.people.findById('jordan-avery')).toBeUndefined();
  });
});
