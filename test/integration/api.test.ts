import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { createTestContext, statementRecord, TEST_BASE_URL, type TestContext } from '../support/test-context.js';

interface SearchBody {
  total: number;
  page: number;
  per_page: number;
  items: { id: string; text: string; stance: string; url: string; highlight: { text: string }; speaker: { name: string } }[];
  facets: Record<string, Record<string, number>>;
  query: Record<string, unknown>;
  took_ms: number;
}

const HOSTILE_TEXT = 'Police <script>alert("x")</script> & <img src=x onerror=alert(1)> should leave.';

describe('JSON API', () => {
  let ctx: TestContext;
  const search = async (query: string) => (await request(ctx.app).get(`/api/search?${query}`).expect(200)).body as SearchBody;

  beforeAll(async () => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    createImportService(ctx.store).run({
      statements: [
        { row: 1, value: statementRecord({ id: 'hostile', text: HOSTILE_TEXT, stance: 'mixed', said_on: '2024-05-02' }) },
        {
          row: 2,
          value: statementRecord({
            id: 'dated-2022',
            text: 'Our cops keep the campus calm.',
            stance: 'oppose',
            said_on: '2022-09',
          }),
        },
      ],
    });
    await prepareIndex(ctx.store, ctx.target);
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('finds SRO statements despite typos ("resourse oficer")', async () => {
    const body = await search('q=resourse%20oficer');
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.map((i) => i.id)).toContain('collis-sro-integral');
  });

  it('finds quotes that say "school resource officer" when asked for SRO, and police for cops', async () => {
    const sro = await search('q=SRO&per_page=100');
    expect(sro.items.map((i) => i.id)).toEqual(expect.arrayContaining(['collis-sro-integral', 'collis-build-trust']));
    const cops = await search('q=cops&per_page=100');
    expect(cops.items.map((i) => i.id)).toEqual(
      expect.arrayContaining(['vu-cops-do-not-belong', 'rose-problems-in-law-enforcement']),
    );
    const hold = await search('q=5150');
    expect(hold.items.map((i) => i.id)).toContain('perez-minutes-are-important');
  });

  it('matches "double-quoted" phrases exactly and leaves out -excluded words', async () => {
    const phrase = await search('q=%22last%20resort%22&per_page=100');
    expect(phrase.items.map((i) => i.id)).toEqual(['rose-jail-last-resort']);
    const loose = await search('q=police%20department&per_page=100');
    const excluded = await search('q=police%20department%20-resolution&per_page=100');
    expect(excluded.total).toBeGreaterThan(0);
    expect(excluded.total).toBeLessThan(loose.total);
    expect(excluded.items.every((i) => !/resolution/i.test(i.text))).toBe(true);
  });

  it('returns only supporting statements for stance=support, with an exact total', async () => {
    const body = await search('stance=support&per_page=100');
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((i) => i.stance === 'support')).toBe(true);
    expect(body.total).toBe(body.items.length);
    const all = await search('per_page=1');
    expect(body.total).toBe(all.facets.stance?.support);
  });

  it('ORs values of one facet, ANDs facets, and counts facets disjunctively', async () => {
    const either = await search('stance=support&stance=mixed&per_page=100');
    expect(new Set(either.items.map((i) => i.stance))).toEqual(new Set(['support', 'mixed']));
    const both = await search('stance=oppose&measure=dps-sro-resolution&per_page=100');
    expect(both.items.length).toBeGreaterThan(0);
    expect(both.items.every((i) => i.id.startsWith('collis-'))).toBe(true);
    // The stance counts ignore the stance filter itself, so other stances stay visible.
    expect(both.facets.stance?.oppose).toBe(both.total);
    const unfiltered = await search('measure=dps-sro-resolution&per_page=1');
    expect(both.facets.stance).toEqual(unfiltered.facets.stance);
  });

  it('returns the Statement JSON of the contract, with permalinks on BASE_URL', async () => {
    const body = await search('q=last%20resort&per_page=1');
    const [item] = body.items;
    expect(Object.keys(item ?? {})).toEqual(
      expect.arrayContaining([
        'id',
        'url',
        'text',
        'kind',
        'stance',
        'language',
        'speaker',
        'measure',
        'meeting',
        'said_on',
        'said_on_precision',
        'source',
        'position',
        'also_in',
        'topics',
        'context',
        'verified',
        'corrections',
        'created_at',
        'updated_at',
        'highlight',
      ]),
    );
    expect(item?.url).toBe(`${TEST_BASE_URL}/statements/${item?.id}`);
    expect(body).toMatchObject({ page: 1, per_page: 1, query: { q: 'last resort', sort: 'relevance' } });
    expect(typeof body.took_ms).toBe('number');
  });

  it('escapes stored markup before marking the matches', async () => {
    const body = await search('q=leave%20police');
    const hit = body.items.find((i) => i.id === 'hostile');
    expect(hit?.highlight.text).toContain('&lt;script&gt;');
    expect(hit?.highlight.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hit?.highlight.text).not.toMatch(/<(script|img)/);
    expect(hit?.highlight.text).toMatch(/<mark>(Police|leave)<\/mark>/);
    expect(hit?.text).toBe(HOSTILE_TEXT);
  });

  it('pages through results without overlap and sorts by date', async () => {
    const first = await search('per_page=5&page=1');
    const second = await search('per_page=5&page=2');
    expect(first.items).toHaveLength(5);
    expect(second.items.map((i) => i.id)).not.toEqual(expect.arrayContaining(first.items.map((i) => i.id)));
    // An empty query lists newest first; statements with a date come before those without.
    expect(first.items.slice(0, 2).map((i) => i.id)).toEqual(['hostile', 'dated-2022']);
    const oldest = await search('sort=oldest&per_page=2');
    expect(oldest.items.map((i) => i.id)).toEqual(['dated-2022', 'hostile']);
    const beyond = await search(`per_page=100&page=${Math.ceil(first.total / 100) + 1}`);
    expect(beyond.items).toEqual([]);
  });

  it('filters by date range, leaving out statements whose date is unknown', async () => {
    const body = await search('from=2023&to=2024-12&per_page=100');
    expect(body.items.map((i) => i.id)).toEqual(['hostile']);
    const byYear = await search('year=2022');
    expect(byYear.items.map((i) => i.id)).toEqual(['dated-2022']);
  });

  it('answers bad parameters with a 400 that names the parameter', async () => {
    const cases: [string, string][] = [
      ['stance=bogus', 'stance'],
      ['per_page=101', 'per_page'],
      ['page=0', 'page'],
      ['sort=popular', 'sort'],
      ['from=2023-02-30', 'from'],
      ['from=2024&to=2023', 'to'],
      [`q=${'a'.repeat(501)}`, 'q'],
      ['q=a&q=b', 'q'],
      ['speaker=x%22%20OR%20stance%20%3D%20%22support', 'speaker'],
      ['color=red', 'color'],
      ['page=9999&per_page=100', 'page'],
    ];
    for (const [query, param] of cases) {
      const response = await request(ctx.app).get(`/api/search?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error, query).toMatchObject({ code: 'invalid_parameter', param });
      expect(response.body.error.message, query).toContain(param);
    }
  });

  it('never widens results with filter syntax in a value, even past the parameter checks', async () => {
    const budget = await search('topic=budget&per_page=100');
    expect(budget.total).toBeGreaterThan(0);
    const hostile = await request(ctx.app).get('/api/search?topic=budget%22%20OR%20topics%20EXISTS%20OR%20%22');
    expect(hostile.status).toBe(400);
    // Straight to the service, as if a value slipped past validation: it stays one quoted literal.
    for (const value of ['budget" OR topics EXISTS OR "', 'budget\\" OR stance = "support', 'x" OR 1 = 1 OR "y']) {
      const result = await ctx.search.searchStatements({
        q: '',
        filters: { topic: [value] },
        from: null,
        to: null,
        sort: 'newest',
        defaultSort: true,
        page: 1,
        perPage: 20,
      });
      expect(result.total, value).toBe(0);
    }
  });

  it('lists every published statement in a stable order, and pages them', async () => {
    const all = (await request(ctx.app).get('/api/statements?per_page=100').expect(200)).body as {
      total: number;
      items: { id: string }[];
    };
    expect(all.total).toBe(ctx.store.statements.countPublished());
    expect(all.items).toHaveLength(all.total);
    const ids = all.items.map((i) => i.id);
    expect(ids).toEqual([...ids].sort());
    const page2 = (await request(ctx.app).get('/api/statements?per_page=10&page=2').expect(200)).body as {
      items: { id: string }[];
    };
    expect(page2.items.map((i) => i.id)).toEqual(ids.slice(10, 20));
    await request(ctx.app).get('/api/statements?per_page=0').expect(400);
  });

  it('serves one statement, 404 for an unknown id and 410 for a retracted one', async () => {
    const one = await request(ctx.app).get('/api/statements/rose-jail-last-resort').expect(200);
    expect(one.body).toMatchObject({
      id: 'rose-jail-last-resort',
      verified: true,
      speaker: { name: 'Dave Rose' },
      measure: { id: 'susd-police-resolution' },
    });
    const missing = await request(ctx.app).get('/api/statements/no-such-statement').expect(404);
    expect(missing.body.error.code).toBe('not_found');
    ctx.store.db
      .prepare(
        `UPDATE statements SET status = 'retracted', retraction_reason = 'wrong speaker', retracted_on = '2026-01-02' WHERE id = 'dated-2022'`,
      )
      .run();
    const gone = await request(ctx.app).get('/api/statements/dated-2022').expect(410);
    expect(gone.body.error).toMatchObject({ code: 'retracted', reason: 'wrong speaker', retracted_on: '2026-01-02' });
    ctx.store.db.prepare(`UPDATE statements SET status = 'published' WHERE id = 'dated-2022'`).run();
  });

  it('reports health with statement, indexed and pending counts', async () => {
    const health = await request(ctx.app).get('/healthz').expect(200);
    expect(health.body).toEqual({
      status: 'ok',
      db: 'ok',
      search: 'ok',
      statements: ctx.store.statements.countPublished(),
      indexed: ctx.store.statements.countPublished(),
      pending: 0,
    });
  });

  it('renders the search page with escaped, highlighted quotes and the stance facet', async () => {
    const page = await request(ctx.app).get('/search?q=leave%20police').expect(200);
    expect(page.text).toContain('&lt;script&gt;');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toMatch(/data-testid="facet-stance"/);
    expect(page.text).toContain('Mixed on: Test district resolution to end the SRO contract');
    const bad = await request(ctx.app).get('/search?stance=nope').expect(400);
    expect(bad.text).toContain('stance');
  });
});
