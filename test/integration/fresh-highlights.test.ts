import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOutbox } from '../../indexer/outbox.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

const OLD = 'We need more counselors in our schools, not more police.';
const NEW = 'We need more nurses in our schools, not more police officers.';
const LONG_OLD = `${Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ')} the counselors said police must leave.`;
const LONG_NEW = `${Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ')} the nurses said police must leave.`;

type Hit = { id: string; text: string; highlight: { text: string } };

/**
 * Search highlights right after an edit, before the index has caught up: the test app runs no
 * syncer, so the engine still holds the old words until the test drains the outbox itself.
 */
describe('highlights of statements edited since they were indexed', { timeout: 120_000 }, () => {
  let ctx: TestContext;
  const save = (id: string, text: string) =>
    createImportService(ctx.store).run({ statements: [{ row: 1, value: statementRecord({ id, text }) }] });
  const search = async (q: string) => (await request(ctx.app).get('/api/search').query({ q }).expect(200)).body.items as Hit[];

  beforeAll(async () => {
    ctx = createTestContext();
    save('edited', OLD);
    save('edited-long', LONG_OLD);
    await prepareIndex(ctx.store, ctx.target);
    expect((await search('counselors')).find((h) => h.id === 'edited')?.highlight.text).toContain('<mark>counselors</mark>');
    save('edited', NEW);
    save('edited-long', LONG_NEW);
    expect(ctx.store.db.prepare('SELECT count(*) FROM index_outbox').pluck().get()).toBeGreaterThan(0);
  }, 120_000);
  afterAll(async () => {
    await ctx?.cleanup();
  });

  it('marks the query word in the current words, never showing the old ones', async () => {
    const hit = (await search('police')).find((h) => h.id === 'edited');
    expect(hit?.text).toBe(NEW);
    expect(hit?.highlight.text).toBe('We need more nurses in our schools, not more <mark>police</mark> officers.');
    const long = (await search('police')).find((h) => h.id === 'edited-long');
    expect(long?.highlight.text).toContain('the nurses said <mark>police</mark> must leave.');
    expect(long?.highlight.text).not.toContain('counselors');
  });

  it('shows the current words unmarked when the engine matched a word edited away', async () => {
    // The engine still finds the statement by its old word: the reader sees what it says now.
    const hits = await search('counselors');
    const hit = hits.find((h) => h.id === 'edited');
    expect(hit?.highlight.text).toBe(NEW);
    for (const h of hits) expect(h.highlight.text).not.toContain('counselors');
    const page = await request(ctx.app).get('/search').query({ q: 'counselors' }).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('We need more nurses in our schools');
    expect(page.text).not.toContain('counselors in our schools');
    expect(page.text).not.toContain('the counselors said');
  });

  it("uses the engine's highlight again once the index has the new words", async () => {
    await drainOutbox(ctx.store, ctx.target);
    const hit = (await search('nurses')).find((h) => h.id === 'edited');
    expect(hit?.highlight.text).toBe('We need more <mark>nurses</mark> in our schools, not more police officers.');
    expect((await search('counselors')).map((h) => h.id)).not.toContain('edited');
  });
});
