import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

// Each statement its own speaker and measure, so only the topic relation links them.
const alone = (id: string, topics: string[], saidOn: string, extra: Record<string, unknown> = {}) =>
  statementRecord({
    id,
    topics,
    said_on: saidOn,
    text: `Statement ${id}.`,
    speaker: { id: `speaker-${id}`, name: `Speaker ${id}`, role_category: 'parent' },
    measure: {
      id: `measure-${id}`,
      title: `Measure ${id}`,
      body: { id: 'test-district', name: 'Test Unified School District', state: 'CA' },
    },
    ...extra,
  });

describe('statements related by topic', () => {
  let ctx: TestContext;

  beforeAll(() => {
    ctx = createTestContext();
    const rows = [
      alone('main', ['budget', 'arrests-and-citations'], '2024-05-01'),
      alone('both-old', ['budget', 'arrests-and-citations'], '2019-01-01'),
      alone('one-new', ['arrests-and-citations'], '2025-01-01'),
      alone('one-older', ['budget'], '2020-01-01'),
      alone('none', ['training'], '2025-02-01'),
      // A topic far larger than the candidate pool: the lookup stays bounded and still answers.
      ...Array.from({ length: 600 }, (_, i) => alone(`bulk-${String(i).padStart(3, '0')}`, ['budget'], '2018-06-01')),
    ];
    createImportService(ctx.store).run({ statements: rows.map((value, i) => ({ row: i + 1, value })) });
    createImportService(ctx.store).run({
      statements: [{ row: 1, value: alone('retracted', ['budget', 'arrests-and-citations'], '2025-03-01') }],
    });
    ctx.store.db.prepare(`UPDATE statements SET status = 'retracted' WHERE id = 'retracted'`).run();
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('ranks by shared topics, then newest, never the statement itself, a retracted one or one with no shared topic', () => {
    const main = ctx.store.statements.findById('main');
    expect(main).toBeDefined();
    const related = ctx.store.statements.findRelated(main!, 4);
    expect(related.byTopic.map((s) => s.id)).toEqual(['both-old', 'one-new', 'one-older', expect.stringMatching(/^bulk-/)]);
    expect(related.bySpeaker).toEqual([]);
    expect(related.byMeasure).toEqual([]);
  });
});
