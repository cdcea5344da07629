import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMBEDDER } from '../../indexer/semantic.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { createMeiliClient } from '../../indexer/meili-client.js';
import { drainOutbox } from '../../indexer/outbox.js';
import { inspectIndex, prepareIndex, rebuildIndex } from '../../indexer/rebuild.js';
import { createTestContext, indexedIds, statementRecord, type TestContext } from '../support/test-context.js';

const rows = (...values: unknown[]) => values.map((value, i) => ({ row: i + 1, value }));

describe('index sync', () => {
  let ctx: TestContext;
  beforeEach(() => {
    ctx = createTestContext();
  });
  afterEach(async () => {
    await ctx.cleanup();
  });

  it('builds a missing index at start-up and then reports it current', async () => {
    loadSeed(ctx.store);
    expect(await inspectIndex(ctx.store, ctx.target)).toBe('missing');
    expect(await prepareIndex(ctx.store, ctx.target)).toEqual({ rebuilt: true, state: 'missing' });
    expect(await indexedIds(ctx.target)).toHaveLength(ctx.store.statements.countPublished());
    expect(ctx.store.outbox.countPending()).toBe(0);
    expect(await prepareIndex(ctx.store, ctx.target)).toEqual({ rebuilt: false, state: 'current' });
  }, 120_000);

  it('converges on the store after writes, edits and a failed sync', async () => {
    await prepareIndex(ctx.store, ctx.target);
    createImportService(ctx.store).run({
      statements: rows(statementRecord({ id: 'one' }), statementRecord({ id: 'two', text: 'Bring back the officers.' })),
    });
    expect(ctx.store.outbox.countPending()).toBe(2);

    // The engine refuses (wrong key): nothing is acknowledged, the outbox keeps every entry.
    const refused = {
      client: createMeiliClient({ url: ctx.meiliUrl, apiKey: 'wrong-key-wrong-key' }),
      indexUid: ctx.target.indexUid,
    };
    await expect(drainOutbox(ctx.store, refused)).rejects.toThrow();
    expect(ctx.store.outbox.countPending()).toBe(2);

    expect(await drainOutbox(ctx.store, ctx.target)).toBe(2);
    expect(ctx.store.outbox.countPending()).toBe(0);
    expect(await indexedIds(ctx.target)).toEqual(['one', 'two']);

    createImportService(ctx.store).run({
      statements: rows(statementRecord({ id: 'two', text: 'Bring back the school resource officers.', stance: 'oppose' })),
    });
    await drainOutbox(ctx.store, ctx.target);
    const document = await ctx.target.client.index(ctx.target.indexUid).getDocument('two');
    expect(document).toMatchObject({ text: 'Bring back the school resource officers.', stance: 'oppose' });
  });

  it('removes a statement from the index when it is no longer published', async () => {
    await prepareIndex(ctx.store, ctx.target);
    createImportService(ctx.store).run({
      statements: rows(statementRecord({ id: 'keep' }), statementRecord({ id: 'pull', text: 'Words later retracted.' })),
    });
    await drainOutbox(ctx.store, ctx.target);
    ctx.store.db
      .prepare(`UPDATE statements SET status = 'retracted', retraction_reason = 'misattributed' WHERE id = 'pull'`)
      .run();
    ctx.store.statements.enqueueForIndex('pull');
    await drainOutbox(ctx.store, ctx.target);
    expect(await indexedIds(ctx.target)).toEqual(['keep']);
  });

  it("rebuilds into a new index and swaps it in, leaving exactly the store's statements and no staging index", async () => {
    loadSeed(ctx.store);
    await prepareIndex(ctx.store, ctx.target);
    // A document the store does not have (e.g. left by a lost delete) must not survive a rebuild.
    await ctx.target.client
      .index(ctx.target.indexUid)
      // Without a vector, as a statement with no known word is indexed (the index has an embedder).
      .addDocuments([{ id: 'ghost', text: 'not in the store', stance: 'support', _vectors: { [EMBEDDER]: null } }])
      .waitTask();
    expect(await indexedIds(ctx.target)).toContain('ghost');

    const count = await rebuildIndex(ctx.store, ctx.target);
    expect(count).toBe(ctx.store.statements.countPublished());
    const ids = await indexedIds(ctx.target);
    expect(ids).not.toContain('ghost');
    expect(ids).toEqual(
      ctx.store.statements
        .listPublished(0, 1000)
        .map((s) => s.id)
        .sort(),
    );
    const { results } = await ctx.target.client.getIndexes({ limit: 1000 });
    expect(results.filter((i) => i.uid.startsWith(`${ctx.target.indexUid}__`))).toEqual([]);
    const settings = await ctx.target.client.index(ctx.target.indexUid).getSettings();
    expect(settings.filterableAttributes).toEqual(
      expect.arrayContaining(['stance', 'measure_id', 'speaker_id', 'topics', 'year']),
    );
    expect(settings.synonyms?.sro).toEqual(expect.arrayContaining(['school resource officer']));
  });

  it('rebuilds when the index settings it was built with are out of date', async () => {
    loadSeed(ctx.store);
    await prepareIndex(ctx.store, ctx.target);
    ctx.store.meta.set(`index_settings:${ctx.target.indexUid}`, 'an-older-settings-version');
    expect(await prepareIndex(ctx.store, ctx.target)).toEqual({ rebuilt: true, state: 'stale-settings' });
  });
});
