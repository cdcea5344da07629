import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prepareIndex, rebuildIndex } from '../../indexer/rebuild.js';
import { semanticDisabledReason } from '../../indexer/semantic.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

interface SearchBody {
  total: number;
  items: { id: string }[];
}

const speaker = (name: string) => ({ name, role_category: 'parent' });
const STATEMENTS = [
  // Shares no word with "take police out of classrooms" (nor does any other statement), but says just that.
  { id: 'paraphrase', text: 'Remove the officers from our campuses and hallways.', speaker: speaker('Ana Ruiz') },
  { id: 'plural', text: 'The cops at the middle school frighten my son.', speaker: speaker('Bo Chen') },
  { id: 'singular', text: 'A cop stood at the gate every morning.', speaker: speaker('Cy Diaz') },
  // Word for word alike but for the form of one word (no synonym links them): only stemming finds both.
  { id: 'testified', text: 'Nurses testified about the emergency room wait.', speaker: speaker('Di Eng') },
  { id: 'testify', text: 'Nurses testify about the emergency room wait.', speaker: speaker('Di Eng') },
  { id: 'library', text: 'Keep these novels on the library shelves for every reader.', speaker: speaker('Ed Fox') },
  { id: 'fares', text: 'Raising bus fares hurts riders who work night shifts.', speaker: speaker('Flo Gao') },
  { id: 'water', text: 'Our water bills doubled after the utility rate increase.', speaker: speaker('Gus Hale') },
];

describe('search by meaning and by word forms, against the real engine', () => {
  let ctx: TestContext;
  const api = async (q: string) =>
    (
      await request(ctx.app)
        .get(`/api/search?q=${encodeURIComponent(q)}`)
        .expect(200)
    ).body as SearchBody;
  const ids = (body: SearchBody) => body.items.map((item) => item.id);

  beforeAll(async () => {
    ctx = createTestContext();
    createImportService(ctx.store).run({
      statements: STATEMENTS.map((s, i) => ({
        row: i + 1,
        value: statementRecord({ ...s, topics: [], measure: undefined, source: undefined }),
      })),
    });
    await prepareIndex(ctx.store, ctx.target);
  }, 180_000);
  afterEach(() => {
    delete process.env.SEARCH_SEMANTIC;
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('finds a statement that says the same in other words, and says so', async () => {
    const body = await api('take police out of classrooms');
    expect(body.total).toBe(0);
    expect(ids(body)[0]).toBe('paraphrase');
    const page = await request(ctx.app).get('/search?q=take+police+out+of+classrooms').expect(200);
    expect(page.text).toContain('No statement holds your words; these are the closest in meaning.');
    expect(page.text).toContain('Close in meaning to your words');
    expect(page.text).not.toContain('data-testid="empty-state"');
  }, 60_000);

  it('finds other forms of a word, the exact form first: "testify" finds "testified", "cop" finds "cops"', async () => {
    const testify = await api('testify');
    expect(testify.total).toBe(2);
    expect(ids(testify).slice(0, 2)).toEqual(['testify', 'testified']);
    const testified = await api('testified');
    expect(testified.total).toBe(2);
    expect(ids(testified).slice(0, 2)).toEqual(['testified', 'testify']);
    const frighten = await api('frighten');
    expect(frighten.total).toBe(1);
    expect(ids(frighten)[0]).toBe('plural');
    expect(
      ids(await api('cop'))
        .slice(0, 2)
        .sort(),
    ).toEqual(['plural', 'singular']);
  }, 60_000);

  it('answers a query with no word the vectors know by words alone', async () => {
    const body = await api('zzqxv');
    expect(body.total).toBe(0);
    expect(body.items).toEqual([]);
  }, 60_000);

  it('lists the statements closest in meaning on a permalink', async () => {
    const page = await request(ctx.app).get('/statements/paraphrase').expect(200);
    const section = /<h3>Close in meaning<\/h3>([\s\S]*?)(?:<h3>|<\/section>)/.exec(page.text)?.[1] ?? '';
    expect(section).toContain('/statements/plural');
    expect(section).not.toContain('/statements/paraphrase"');
  }, 60_000);

  it('with SEARCH_SEMANTIC=off searches by words only, word forms still found', async () => {
    process.env.SEARCH_SEMANTIC = 'off';
    await rebuildIndex(ctx.store, ctx.target);
    const settings = await ctx.target.client.index(ctx.target.indexUid).getSettings();
    expect(settings.embedders ?? {}).toEqual({});
    expect(await api('take police out of classrooms')).toMatchObject({ total: 0, items: [] });
    expect(ids(await api('cops')).sort()).toEqual(['plural', 'singular']);
    expect(ids(await api('testify')).sort()).toEqual(['testified', 'testify']);
    const page = await request(ctx.app).get('/statements/paraphrase').expect(200);
    expect(page.text).not.toContain('Close in meaning');
  }, 180_000);

  // Last: the service then stays on words for the rest of this process, as the app does.
  it('falls back to words, never a 500, when the engine refuses a search by meaning', async () => {
    // The index was rebuilt without an embedder above; meaning is asked for again.
    expect(semanticDisabledReason()).toBeNull();
    const body = await api('cops at school');
    expect(ids(body)).toContain('plural');
    expect(semanticDisabledReason()).toMatch(/embedder/i);
  }, 60_000);
});
