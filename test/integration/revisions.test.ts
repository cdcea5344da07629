import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { recordRevision, snapshotStatement } from '../../server/services/revisions.service.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

describe('revisions: one recordRevision for import, editing and review', () => {
  let ctx: TestContext;
  beforeEach(() => {
    ctx = createTestContext();
  });
  afterEach(async () => {
    await ctx.cleanup();
  });

  it('keeps a statement as its snapshot, and another entity as given', () => {
    createImportService(ctx.store).run({ statements: [{ row: 1, value: statementRecord({ id: 'rev-1' }) }] });
    const after = ctx.store.statements.findById('rev-1');
    recordRevision(ctx.store, 'create', 'li.wei', { entityType: 'statement', entityId: 'rev-1', before: undefined, after });
    recordRevision(ctx.store, 'update', 'li.wei', {
      entityType: 'person',
      entityId: 'p',
      before: { name: 'A' },
      after: { name: 'B' },
    });
    const [statement] = ctx.store.revisions.listOf('statement', 'rev-1');
    expect(statement).toMatchObject({ action: 'create', user_name: 'li.wei', before_json: null });
    expect(JSON.parse(statement?.after_json ?? 'null')).toEqual(snapshotStatement(after!));
    const [person] = ctx.store.revisions.listOf('person', 'p');
    expect(person).toMatchObject({ action: 'update', before_json: '{"name":"A"}', after_json: '{"name":"B"}' });
  });

  it('writes a revision for each statement a plan with `revision` creates or changes, and none for one unchanged', () => {
    const imports = createImportService(ctx.store);
    const plan = (text: string) => ({
      statements: [{ row: 1, value: statementRecord({ id: 'rev-2', text }) }],
      provenance: { via: 'imported' as const, by: 'file.json' },
      revision: { action: 'import' as const },
    });
    imports.run(plan('First words.'));
    imports.run(plan('First words.'));
    imports.run({ ...plan('Second words.'), revision: { action: 'update', by: 'li.wei' } });
    const revisions = ctx.store.revisions.listOf('statement', 'rev-2');
    expect(revisions.map((r) => [r.action, r.user_name])).toEqual(
      expect.arrayContaining([
        ['import', 'file.json'],
        ['update', 'li.wei'],
      ]),
    );
    expect(revisions).toHaveLength(2);
    const update = revisions.find((r) => r.action === 'update');
    expect(JSON.parse(update?.before_json ?? 'null').text).toBe('First words.');
    expect(JSON.parse(update?.after_json ?? 'null').text).toBe('Second words.');
  });

  it('writes no revision for a plan without `revision`', () => {
    createImportService(ctx.store).run({ statements: [{ row: 1, value: statementRecord({ id: 'rev-3' }) }] });
    expect(ctx.store.revisions.listOf('statement', 'rev-3')).toEqual([]);
  });
});
